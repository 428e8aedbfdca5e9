// Public surface of the data layer: HPA loading, preprocessing cache, synthetic data, splits,
// samplers, augmentation and fingerprints.
export * from './classes.ts';
export * from './dataset-error.ts';
export * from './label-csv.ts';
export * from './kaggle-dataset.ts';
export * from './image-decode.ts';
export * from './cache-format.ts';
export * from './build-cache.ts';
export * from './open-cache.ts';
export * from './fingerprint.ts';
export * from './random.ts';
export {
  generateSyntheticDataset,
  labelSetsFromFile,
  syntheticId,
  syntheticSample,
  type GenerateSyntheticOptions,
  type SyntheticDataset,
} from './synthetic/generate-dataset.ts';
export {
  createLabelSampler,
  HPA_LABEL_STATISTICS,
  type LabelSampler,
  type LabelStatistics,
} from './synthetic/label-sampler.ts';
export * from './label-matrix.ts';
export * from './stratify.ts';
export * from './samplers.ts';
export * from './augment.ts';
export * from './cli/progress-bar.ts';
export * from './prepare-cache.ts';
