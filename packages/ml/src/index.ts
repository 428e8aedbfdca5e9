// Public surface of @hpa-lab/ml. Each area keeps its own barrel:
// data/ (HPA loading, cache, synthetic data, splits, samplers) and the training engine.
export * from './data/index.ts';
export * from './config/index.ts';
export * from './backend/index.ts';
