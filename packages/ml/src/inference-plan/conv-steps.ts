// Running a planned convolution: tfjs's fused conv ops (which backends, wasm-onednn among them,
// implement as one kernel with bias and ReLU/ReLU6), and conv + residual add as one native call
// where the backend registers CONV2D_RESIDUAL.
import * as tf from '@tensorflow/tfjs';
import { CONV2D_RESIDUAL } from '../backend/onednn/kernel-names.ts';
import { applyActivation } from './activations.ts';
import type { ConvSpec } from './conv-spec.ts';

/** activation(conv(x) + bias). */
export function runConv(spec: ConvSpec, x: tf.Tensor): tf.Tensor {
  const fusable =
    spec.activation === 'linear' || spec.activation === 'relu' || spec.activation === 'relu6';
  const args = {
    x: x as tf.Tensor4D,
    filter: spec.kernel,
    strides: spec.strides,
    pad: spec.padding,
    dilations: spec.dilation,
    bias: spec.bias ?? undefined,
    activation: fusable ? spec.activation : 'linear',
  } as const;
  const y = spec.depthwise ? tf.fused.depthwiseConv2d(args) : tf.fused.conv2d(args);
  return fusable ? y : applyActivation(y, spec.activation);
}

/** activation(conv(x) + bias + residual): one native call where the backend has the kernel. */
export function runConvResidual(spec: ConvSpec, x: tf.Tensor, residual: tf.Tensor): tf.Tensor {
  if (!spec.depthwise && tf.getKernel(CONV2D_RESIDUAL, tf.getBackend()) !== undefined) {
    const inputs: tf.NamedTensorMap = { x, filter: spec.kernel, residual };
    if (spec.bias) inputs.bias = spec.bias;
    return tf.engine().runKernel(CONV2D_RESIDUAL, inputs, {
      strides: spec.strides,
      pad: spec.padding,
      dilations: spec.dilation,
      activation: spec.activation,
    }) as tf.Tensor;
  }
  const sum = tf.add(runConv({ ...spec, activation: 'linear' }, x), residual);
  return applyActivation(sum, spec.activation);
}
