import type * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from '../config/train-config.ts';
import { downsamplingFactor } from '../config/train-config.ts';
import { buildMobilenetV2Model } from './mobilenet-v2.ts';
import { buildResnetModel } from './resnet.ts';
import { buildSmallCnnModel } from './small-cnn.ts';

/** Builds the model a config names; fails naming inputSize when the model cannot take it. */
export function buildModel(
  config: Pick<TrainConfig, 'model' | 'inputSize' | 'channels' | 'seed'>,
): tf.LayersModel {
  const factor = downsamplingFactor(config.model);
  if (config.inputSize % factor !== 0 || config.inputSize < 2 * factor) {
    throw new Error(
      `inputSize: ${config.model.name} needs a multiple of ${factor} of at least ${2 * factor} (got ${config.inputSize})`,
    );
  }
  const input = { inputSize: config.inputSize, channels: config.channels, seed: config.seed };
  switch (config.model.name) {
    case 'small-cnn':
      return buildSmallCnnModel({ ...config.model, ...input });
    case 'resnet':
      return buildResnetModel({ ...config.model, ...input });
    case 'mobilenet-v2':
      return buildMobilenetV2Model({ ...config.model, ...input });
  }
}
