// The trainer's own schema (`@hpa-lab/ml/config`, which loads no TensorFlow.js) is the single judge of a training config: the API
// stores the parsed form with defaults filled in, so equal stored configs mean equal experiments.
import { parseTrainConfig, TrainConfigError, type TrainConfig } from '@hpa-lab/ml/config';
import { ApiError } from '../lib/errors.ts';

export function validateTrainConfig(raw: unknown, field = 'config'): TrainConfig {
  try {
    return parseTrainConfig(raw);
  } catch (error) {
    if (error instanceof TrainConfigError) {
      const fields = error.issues.map((issue) => `${field}.${issue.path}: ${issue.message}`);
      throw new ApiError('CONFIG_INVALID', `Invalid training config: ${fields.join('; ')}`, {
        fields,
      });
    }
    throw error;
  }
}
