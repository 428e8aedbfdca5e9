// Makes the wasm backend able to train conv nets: registers the backward kernels it lacks and
// replaces its slow Conv2DBackpropInput. Each kernel delegates to conv-gradient-kernels.ts.
import * as tf from '@tensorflow/tfjs';
import {
  conv2dFilterGradient,
  conv2dInputGradient,
  depthwiseFilterGradient,
  depthwiseInputGradient,
} from './conv-gradient-kernels.ts';

type Shape4 = [number, number, number, number];

function asTensor4D(info: tf.TensorInfo | undefined, name: string): tf.Tensor4D {
  if (info === undefined) throw new Error(`gradient kernel input '${name}' is missing`);
  if (info instanceof tf.Tensor) return info as tf.Tensor4D;
  return tf.engine().makeTensorFromTensorInfo(info) as tf.Tensor4D;
}

type GradientAttrs = Parameters<typeof conv2dFilterGradient>[3] & {
  filterShape?: Shape4;
  inputShape?: Shape4;
};

function kernel(
  kernelName: string,
  compute: (inputs: tf.NamedTensorInfoMap, attrs: GradientAttrs) => tf.Tensor,
): tf.KernelConfig {
  return {
    kernelName,
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs }) => compute(inputs, attrs as unknown as GradientAttrs),
  };
}

function requireShape(shape: Shape4 | undefined, name: string): Shape4 {
  if (shape === undefined) throw new Error(`gradient kernel attribute '${name}' is missing`);
  return shape;
}

export const wasmTrainingKernels: tf.KernelConfig[] = [
  kernel(tf.Conv2DBackpropFilter, (inputs, attrs) =>
    conv2dFilterGradient(
      asTensor4D(inputs.x, 'x'),
      asTensor4D(inputs.dy, 'dy'),
      requireShape(attrs.filterShape, 'filterShape'),
      attrs,
    ),
  ),
  kernel(tf.Conv2DBackpropInput, (inputs, attrs) =>
    conv2dInputGradient(
      asTensor4D(inputs.dy, 'dy'),
      asTensor4D(inputs.filter, 'filter'),
      requireShape(attrs.inputShape, 'inputShape'),
      attrs,
    ),
  ),
  kernel(tf.DepthwiseConv2dNativeBackpropFilter, (inputs, attrs) =>
    depthwiseFilterGradient(
      asTensor4D(inputs.x, 'x'),
      asTensor4D(inputs.dy, 'dy'),
      requireShape(attrs.filterShape, 'filterShape'),
      attrs,
    ),
  ),
  kernel(tf.DepthwiseConv2dNativeBackpropInput, (inputs, attrs) =>
    depthwiseInputGradient(
      asTensor4D(inputs.dy, 'dy'),
      asTensor4D(inputs.filter, 'filter'),
      requireShape(attrs.inputShape, 'inputShape'),
      attrs,
    ),
  ),
];

/** Registers (or replaces) the training kernels on the 'wasm' backend. Idempotent. */
export function registerWasmTrainingKernels(): string[] {
  for (const config of wasmTrainingKernels) {
    if (tf.getKernel(config.kernelName, 'wasm') !== undefined) {
      tf.unregisterKernel(config.kernelName, 'wasm');
    }
    tf.registerKernel(config);
  }
  return wasmTrainingKernels.map((k) => k.kernelName);
}
