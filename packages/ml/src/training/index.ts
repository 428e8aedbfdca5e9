export * from './batch-source.ts';
export * from './schedule.ts';
export * from './evaluate-split.ts';
export * from './train-events.ts';
export * from './train-model.ts';
