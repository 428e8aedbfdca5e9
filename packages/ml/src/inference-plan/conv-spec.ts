// A convolution as the plan runs it (kernel, bias, geometry, activation), read from a Conv2D or
// DepthwiseConv2D layer, and the batch-norm folding that rewrites its kernel and bias.
import * as tf from '@tensorflow/tfjs';
import { activationOf, type Activation } from './activations.ts';

export interface ConvSpec {
  depthwise: boolean;
  strides: [number, number];
  padding: 'same' | 'valid';
  dilation: [number, number];
  activation: Activation;
  kernel: tf.Tensor4D;
  bias: tf.Tensor1D | null;
}

/** A Keras size argument (`3` or `[3, 3]`) as a pair. */
export const pair = (value: unknown): [number, number] =>
  Array.isArray(value) ? [Number(value[0]), Number(value[1])] : [Number(value), Number(value)];

/** A layer's current weights by their short name (`kernel`, `bias`, `gamma`, ...). */
export function weightsByName(layer: tf.layers.Layer): Map<string, tf.Tensor> {
  const values = layer.getWeights();
  return new Map(
    layer.weights.map((w, i) => [w.originalName.split('/').pop() ?? '', values[i]!] as const),
  );
}

/** The layer's convolution, or null when the plan cannot run it (channels-first, sigmoid). */
export function readConvSpec(layer: tf.layers.Layer): ConvSpec | null {
  const config = layer.getConfig() as Record<string, unknown>;
  if ((config.dataFormat ?? 'channelsLast') !== 'channelsLast') return null;
  const activation = activationOf(config.activation);
  if (activation === null || activation === 'sigmoid') return null;
  const w = weightsByName(layer);
  const kernel = (w.get('kernel') ?? w.get('depthwise_kernel')) as tf.Tensor4D | undefined;
  if (kernel === undefined) return null;
  return {
    depthwise: layer.getClassName() === 'DepthwiseConv2D',
    strides: pair(config.strides),
    padding: config.padding as 'same' | 'valid',
    dilation: pair(config.dilationRate ?? 1),
    activation,
    kernel,
    bias: (w.get('bias') as tf.Tensor1D | undefined) ?? null,
  };
}

/**
 * Folds batch-norm (gamma, beta, mean, variance, epsilon) into a convolution's weights. The
 * returned kernel and bias are new tensors: the caller owns (and disposes) them.
 */
export function foldBatchNorm(conv: ConvSpec, bn: tf.layers.Layer): ConvSpec {
  const w = weightsByName(bn);
  const config = bn.getConfig() as { epsilon: number };
  const variance = w.get('moving_variance');
  const mean = w.get('moving_mean');
  if (!variance || !mean) throw new Error(`${bn.name}: batch-norm without moving statistics`);
  return tf.tidy(() => {
    const gamma = w.get('gamma') ?? tf.onesLike(mean);
    const beta = w.get('beta') ?? tf.zerosLike(mean);
    const scale = tf.div(gamma, tf.sqrt(tf.add(variance, config.epsilon)));
    const [, , ci, co] = conv.kernel.shape;
    // A depthwise kernel [kh, kw, ci, multiplier] feeds output channel ci * multiplier + m.
    const kernel = conv.depthwise
      ? tf.mul(conv.kernel, tf.reshape(scale, [1, 1, ci, co]))
      : tf.mul(conv.kernel, scale);
    const bias = tf.add(tf.mul(tf.sub(conv.bias ?? tf.zerosLike(mean), mean), scale), beta);
    return { ...conv, kernel: tf.keep(kernel as tf.Tensor4D), bias: tf.keep(bias as tf.Tensor1D) };
  });
}
