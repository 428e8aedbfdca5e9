import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from '../config/train-config.ts';
import type { ModelInput } from './layer-helpers.ts';
import { SeedSequence, classifierHead, convBn, imageInput, relu } from './layer-helpers.ts';

export type SmallCnnConfig = Extract<ModelConfig, { name: 'small-cnn' }> & ModelInput;

/** A plain stack of conv-BN-ReLU blocks, each halving the resolution: the quick baseline. */
export function buildSmallCnnModel(config: SmallCnnConfig): tf.LayersModel {
  const seeds = new SeedSequence(config.seed);
  const input = imageInput(config);
  let x = input;
  for (let block = 0; block < config.blocks; block++) {
    const filters = config.filters * 2 ** block;
    x = relu(convBn(x, seeds, filters, 3, 1, `block${block}`), `block${block}_relu`);
    x = tf.layers
      .maxPooling2d({ poolSize: 2, strides: 2, name: `block${block}_pool` })
      .apply(x) as tf.SymbolicTensor;
  }
  return tf.model({
    inputs: input,
    outputs: classifierHead(x, seeds, config.dropout),
    name: 'small-cnn',
  });
}
