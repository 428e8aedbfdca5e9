export * from './train-queue.ts';
export * from './validation-probabilities.ts';
