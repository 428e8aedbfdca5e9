export * from './train-queue.ts';
