export * from './train-config.ts';
