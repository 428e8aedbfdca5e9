export * from './losses.ts';
export * from './make-loss.ts';
