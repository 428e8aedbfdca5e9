// A job's config, checked before anything starts: the API validated it too, but a worker trusts
// no one, and a dataset path that does not exist here is found now rather than in the child.
import { parseTrainConfig, type TrainConfig } from '@hpa-lab/ml/config';
import { resolveDatasetLocation } from './dataset-location.ts';

/** Throws TrainConfigError naming the field (e.g. `dataset.cachePath: … does not exist`). */
export function validateRunConfig(config: unknown, home: string): TrainConfig {
  const parsed = parseTrainConfig(config);
  resolveDatasetLocation(parsed.dataset.cachePath, home);
  return parsed;
}
