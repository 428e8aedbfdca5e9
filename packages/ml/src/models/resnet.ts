import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from '../config/train-config.ts';
import type { ModelInput } from './layer-helpers.ts';
import { SeedSequence, classifierHead, convBn, imageInput, relu } from './layer-helpers.ts';

export type ResnetConfig = Extract<ModelConfig, { name: 'resnet' }> & ModelInput;

function basicBlock(
  x: tf.SymbolicTensor,
  seeds: SeedSequence,
  filters: number,
  strides: number,
  name: string,
): tf.SymbolicTensor {
  const inChannels = x.shape[3];
  let y = relu(convBn(x, seeds, filters, 3, strides, `${name}_a`), `${name}_a_relu`);
  y = convBn(y, seeds, filters, 3, 1, `${name}_b`);
  const shortcut =
    strides !== 1 || inChannels !== filters
      ? convBn(x, seeds, filters, 1, strides, `${name}_proj`)
      : x;
  const sum = tf.layers.add({ name: `${name}_add` }).apply([y, shortcut]) as tf.SymbolicTensor;
  return relu(sum, `${name}_relu`);
}

/**
 * ResNet with basic blocks (He et al. 2016): 7x7 stride-2 stem, 3x3 stride-2 max-pool, then
 * one stage per entry of blocksPerStage, each doubling the width and halving the resolution.
 * [1,1,1,1] is ResNet-10, [2,2,2,2] ResNet-18, [3,4,6,3] ResNet-34.
 */
export function buildResnetModel(config: ResnetConfig): tf.LayersModel {
  const seeds = new SeedSequence(config.seed);
  const input = imageInput(config);
  let x = relu(convBn(input, seeds, config.width, 7, 2, 'stem'), 'stem_relu');
  x = tf.layers
    .maxPooling2d({ poolSize: 3, strides: 2, padding: 'same', name: 'stem_pool' })
    .apply(x) as tf.SymbolicTensor;
  config.blocksPerStage.forEach((blocks, stage) => {
    const filters = config.width * 2 ** stage;
    for (let block = 0; block < blocks; block++) {
      const strides = stage > 0 && block === 0 ? 2 : 1;
      x = basicBlock(x, seeds, filters, strides, `stage${stage}_block${block}`);
    }
  });
  return tf.model({
    inputs: input,
    outputs: classifierHead(x, seeds, config.dropout),
    name: 'resnet',
  });
}
