// Public surface of @hpa-lab/ml. Each area keeps its own barrel:
// data/ (HPA loading, cache, synthetic data, splits, samplers) and the training engine.
export * from './data/index.ts';
export * from './config/index.ts';
export * from './backend/index.ts';
export * from './models/index.ts';
export * from './losses/index.ts';
export * from './metrics/index.ts';
export * from './training/index.ts';
export * from './io/index.ts';
export * from './predict/index.ts';
