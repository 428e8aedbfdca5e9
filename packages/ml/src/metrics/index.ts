export * from './classification-metrics.ts';
export * from './thresholds.ts';
export * from './macro-f1.ts';
export * from './cross-fitting.ts';
export * from './ensemble.ts';
export * from './bootstrap.ts';
export * from './out-of-fold.ts';
