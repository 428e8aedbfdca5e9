import * as tf from '@tensorflow/tfjs';
import { batchNormalization } from './batch-norm-layer.ts';
import type { ModelConfig } from '../config/train-config.ts';
import type { ModelInput } from './layer-helpers.ts';
import { SeedSequence, classifierHead, imageInput } from './layer-helpers.ts';

export type MobilenetV2Config = Extract<ModelConfig, { name: 'mobilenet-v2' }> & ModelInput;

// (output channels, repeats, first stride) per stage, from the MobileNetV2 paper (Table 2).
const STAGES: [number, number, number][] = [
  [16, 1, 1],
  [24, 2, 2],
  [32, 3, 2],
  [64, 4, 2],
  [96, 3, 1],
  [160, 3, 2],
  [320, 1, 1],
];

/** Channel counts rounded to a multiple of 8, as the reference implementation does. */
function scaled(channels: number, multiplier: number): number {
  const value = Math.max(8, Math.round((channels * multiplier) / 8) * 8);
  return value < 0.9 * channels * multiplier ? value + 8 : value;
}

function bn(x: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
  return batchNormalization({ momentum: 0.9, epsilon: 1e-3, name }).apply(x) as tf.SymbolicTensor;
}

function relu6(x: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
  return tf.layers.reLU({ maxValue: 6, name }).apply(x) as tf.SymbolicTensor;
}

function pointwise(x: tf.SymbolicTensor, seeds: SeedSequence, filters: number, name: string) {
  return tf.layers
    .conv2d({ filters, kernelSize: 1, useBias: false, kernelInitializer: seeds.he(), name })
    .apply(x) as tf.SymbolicTensor;
}

function invertedResidual(
  x: tf.SymbolicTensor,
  seeds: SeedSequence,
  expansion: number,
  filters: number,
  strides: number,
  name: string,
): tf.SymbolicTensor {
  const inChannels = x.shape[3] ?? 0;
  let y = x;
  if (expansion !== 1) {
    y = relu6(
      bn(pointwise(y, seeds, inChannels * expansion, `${name}_expand`), `${name}_expand_bn`),
      `${name}_expand_relu`,
    );
  }
  y = tf.layers
    .depthwiseConv2d({
      kernelSize: 3,
      strides,
      padding: 'same',
      useBias: false,
      depthwiseInitializer: seeds.he(),
      name: `${name}_depthwise`,
    })
    .apply(y) as tf.SymbolicTensor;
  y = relu6(bn(y, `${name}_depthwise_bn`), `${name}_depthwise_relu`);
  y = bn(pointwise(y, seeds, filters, `${name}_project`), `${name}_project_bn`);
  if (strides === 1 && inChannels === filters) {
    y = tf.layers.add({ name: `${name}_add` }).apply([x, y]) as tf.SymbolicTensor;
  }
  return y;
}

/** MobileNetV2 (Sandler et al. 2018) with a configurable width multiplier and expansion. */
export function buildMobilenetV2Model(config: MobilenetV2Config): tf.LayersModel {
  const seeds = new SeedSequence(config.seed);
  const input = imageInput(config);
  let x = tf.layers
    .conv2d({
      filters: scaled(32, config.widthMultiplier),
      kernelSize: 3,
      strides: 2,
      padding: 'same',
      useBias: false,
      kernelInitializer: seeds.he(),
      name: 'stem_conv',
    })
    .apply(input) as tf.SymbolicTensor;
  x = relu6(bn(x, 'stem_bn'), 'stem_relu');
  STAGES.forEach(([channels, repeats, stride], stage) => {
    const expansion = stage === 0 ? 1 : config.expansion;
    for (let i = 0; i < repeats; i++) {
      const filters = scaled(channels, config.widthMultiplier);
      x = invertedResidual(
        x,
        seeds,
        expansion,
        filters,
        i === 0 ? stride : 1,
        `stage${stage}_block${i}`,
      );
    }
  });
  const headChannels = Math.max(1280, scaled(1280, config.widthMultiplier));
  x = relu6(bn(pointwise(x, seeds, headChannels, 'head_conv'), 'head_bn'), 'head_relu');
  return tf.model({
    inputs: input,
    outputs: classifierHead(x, seeds, config.dropout),
    name: 'mobilenet-v2',
  });
}
