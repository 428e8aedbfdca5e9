export * from './classification-metrics.ts';
export * from './thresholds.ts';
