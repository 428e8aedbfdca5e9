// Identity and same-dtype Cast as aliases of their input, as wasm's own Reshape already is (and
// as the cpu and webgl backends do): the output shares the input's heap buffer and bumps its
// reference count. The wasm backend copies instead, and tfjs's tape clones (Identity) every
// tensor it saves for the backward pass: 277 copies, ~7 ms of a 128 px ResNet training step.
// Safe because no kernel writes into its inputs: every kernel, ours included, writes a fresh
// makeOutput buffer, and a variable's assign swaps its dataId rather than overwriting it.
import * as tf from '@tensorflow/tfjs';
import type { FallbackKernels, KernelFunc } from './fallback.ts';

interface RefCountingBackend {
  incRef(dataId: tf.DataId): void;
}

function alias(args: Parameters<KernelFunc>[0]): tf.TensorInfo {
  const x = args.inputs.x!;
  (args.backend as unknown as RefCountingBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

export function aliasingKernels(fallback: FallbackKernels): tf.KernelConfig[] {
  const identity: KernelFunc = (args) => {
    const x = args.inputs.x;
    if (x === undefined || x.dtype === 'string') return fallback.call(tf.Identity, args);
    return alias(args);
  };
  const cast: KernelFunc = (args) => {
    const x = args.inputs.x;
    const dtype = (args.attrs as { dtype?: tf.DataType }).dtype;
    if (x === undefined || x.dtype === 'string' || x.dtype !== dtype) {
      return fallback.call(tf.Cast, args);
    }
    return alias(args);
  };
  return [
    { kernelName: tf.Identity, backendName: 'wasm', kernelFunc: identity },
    { kernelName: tf.Cast, backendName: 'wasm', kernelFunc: cast },
  ];
}
