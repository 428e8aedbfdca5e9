// Small building blocks shared by the model builders. Every initializer gets its own seed
// drawn from one counter, so a model built twice from the same seed has identical weights.
import * as tf from '@tensorflow/tfjs';
import { activation } from './activation-layer.ts';
import { batchNormalization } from './batch-norm-layer.ts';
import { conv2d } from './conv-layer.ts';
import { seededDropout } from './seeded-dropout.ts';
import { NUM_CLASSES } from '../data/classes.ts';

export class SeedSequence {
  private next: number;
  constructor(seed: number) {
    this.next = seed * 1000;
  }
  he(): ReturnType<typeof tf.initializers.heNormal> {
    return tf.initializers.heNormal({ seed: this.next++ });
  }
  /** A seed for a layer's own randomness (dropout masks). */
  nextSeed(): number {
    return this.next++;
  }
  glorot(): ReturnType<typeof tf.initializers.heNormal> {
    return tf.initializers.glorotUniform({ seed: this.next++ });
  }
}

export function convBn(
  x: tf.SymbolicTensor,
  seeds: SeedSequence,
  filters: number,
  kernelSize: number,
  strides: number,
  name: string,
): tf.SymbolicTensor {
  const conv = conv2d({
    filters,
    kernelSize,
    strides,
    padding: 'same',
    useBias: false,
    kernelInitializer: seeds.he(),
    name: `${name}_conv`,
  }).apply(x) as tf.SymbolicTensor;
  // momentum 0.9 (not Keras' 0.99): runs are short, so moving statistics must settle fast.
  return batchNormalization({ momentum: 0.9, epsilon: 1e-3, name: `${name}_bn` }).apply(
    conv,
  ) as tf.SymbolicTensor;
}

export function relu(x: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
  return activation({ activation: 'relu', name }).apply(x) as tf.SymbolicTensor;
}

/** Global average pool, optional dropout, and one sigmoid per class (multi-label). */
export function classifierHead(
  x: tf.SymbolicTensor,
  seeds: SeedSequence,
  dropout: number,
): tf.SymbolicTensor {
  let y = tf.layers.globalAveragePooling2d({ name: 'pool' }).apply(x) as tf.SymbolicTensor;
  if (dropout > 0)
    y = seededDropout({ rate: dropout, name: 'dropout' }, seeds.nextSeed()).apply(
      y,
    ) as tf.SymbolicTensor;
  return tf.layers
    .dense({
      units: NUM_CLASSES,
      activation: 'sigmoid',
      kernelInitializer: seeds.glorot(),
      // Start near the label prior of a rare class rather than at 0.5, so early BCE
      // gradients are not dominated by pushing every output down.
      biasInitializer: tf.initializers.constant({ value: -2 }),
      name: 'probabilities',
    })
    .apply(y) as tf.SymbolicTensor;
}

export interface ModelInput {
  inputSize: number;
  channels: number;
  seed: number;
}

export function imageInput(input: ModelInput): tf.SymbolicTensor {
  return tf.input({ shape: [input.inputSize, input.inputSize, input.channels], name: 'image' });
}
