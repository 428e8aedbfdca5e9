// Batch-norm at inference, ReLU, max-pool and its gradient, run by the addon's OpenMP loops
// instead of wasm's single-threaded kernels (and, for MaxPoolGrad, instead of none at all).
import * as tf from '@tensorflow/tfjs';
import type { OnednnKernels } from '@hpa-lab/onednn-kernels';
import type { FallbackKernels, KernelFunc } from './fallback.ts';
import { floatInput, optionalFloatInput, wasmHeap } from './wasm-heap.ts';

const size = (info: tf.TensorInfo) => tf.util.sizeFromShape(info.shape);

interface PoolAttrs {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

function poolInfo(x: tf.TensorInfo, attrs: PoolAttrs) {
  return tf.backend_util.computePool2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
}

/** The 14 numbers the addon's pooling kernels take (see @hpa-lab/onednn-kernels). */
export function poolGeometry(info: tf.backend_util.Conv2DInfo): number[] {
  return [
    info.batchSize,
    info.inHeight,
    info.inWidth,
    info.inChannels,
    info.outHeight,
    info.outWidth,
    info.filterHeight,
    info.filterWidth,
    info.strideHeight,
    info.strideWidth,
    info.dilationHeight,
    info.dilationWidth,
    info.padInfo.top,
    info.padInfo.left,
  ];
}

export function elementwiseKernels(
  addon: OnednnKernels,
  fallback: FallbackKernels,
): tf.KernelConfig[] {
  const batchNorm: KernelFunc = (args) => {
    const { inputs } = args;
    const name = tf.FusedBatchNorm;
    const x = floatInput(inputs, 'x', name);
    const channels = x.shape[x.shape.length - 1] ?? 0;
    const perChannel = ['mean', 'variance', 'offset', 'scale'].every(
      (key) => inputs[key] === undefined || size(inputs[key]) === channels,
    );
    if (!perChannel || channels === 0 || size(x) === 0) return fallback.call(name, args);
    const backend = wasmHeap(args.backend);
    const heap = (info: tf.TensorInfo | null) => info && backend.typedArrayFromHeap(info);
    const out = backend.makeOutput([...x.shape], 'float32');
    const epsilon = (args.attrs as { varianceEpsilon?: number }).varianceEpsilon ?? 1e-3;
    addon.batchNormInference(
      size(x) / channels,
      channels,
      backend.typedArrayFromHeap(x),
      backend.typedArrayFromHeap(floatInput(inputs, 'mean', name)),
      backend.typedArrayFromHeap(floatInput(inputs, 'variance', name)),
      heap(optionalFloatInput(inputs, 'offset', name)),
      heap(optionalFloatInput(inputs, 'scale', name)),
      epsilon,
      false,
      backend.typedArrayFromHeap(out),
    );
    return out;
  };

  const relu: KernelFunc = (args) => {
    const x = args.inputs.x;
    if (x === undefined || x.dtype !== 'float32' || size(x) === 0) {
      return fallback.call(tf.Relu, args);
    }
    const backend = wasmHeap(args.backend);
    const out = backend.makeOutput([...x.shape], 'float32');
    addon.relu(size(x), backend.typedArrayFromHeap(x), backend.typedArrayFromHeap(out));
    return out;
  };

  const maxPool: KernelFunc = (args) => {
    const x = floatInput(args.inputs, 'x', tf.MaxPool);
    const info = poolInfo(x, args.attrs as unknown as PoolAttrs);
    if (info.dataFormat !== 'channelsLast') return fallback.call(tf.MaxPool, args);
    const backend = wasmHeap(args.backend);
    const y = backend.makeOutput([...info.outShape], 'float32');
    addon.maxPool(poolGeometry(info), backend.typedArrayFromHeap(x), backend.typedArrayFromHeap(y));
    return y;
  };

  const maxPoolGrad: KernelFunc = (args) => {
    const name = tf.MaxPoolGrad;
    const dy = floatInput(args.inputs, 'dy', name);
    const x = floatInput(args.inputs, 'input', name);
    const info = poolInfo(x, args.attrs as unknown as PoolAttrs);
    const backend = wasmHeap(args.backend);
    const dx = backend.makeOutput([...x.shape], 'float32');
    // tfjs passes the forward output too: each window's maximum, which the addon then need
    // not recompute.
    const y = optionalFloatInput(args.inputs, 'output', name);
    addon.maxPoolGradient(
      poolGeometry(info),
      backend.typedArrayFromHeap(x),
      backend.typedArrayFromHeap(dy),
      backend.typedArrayFromHeap(dx),
      y && backend.typedArrayFromHeap(y),
    );
    return dx;
  };

  return [
    { kernelName: tf.FusedBatchNorm, backendName: 'wasm', kernelFunc: batchNorm },
    { kernelName: tf.Relu, backendName: 'wasm', kernelFunc: relu },
    { kernelName: tf.MaxPool, backendName: 'wasm', kernelFunc: maxPool },
    { kernelName: tf.MaxPoolGrad, backendName: 'wasm', kernelFunc: maxPoolGrad },
  ];
}
