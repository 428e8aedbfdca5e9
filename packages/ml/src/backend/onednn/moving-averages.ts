// A batch-norm layer's two moving statistics updated in one kernel call. The stock update is
// `moving - (moving - batch) * (1 - momentum)` per statistic: two Sub, a Multiply and a scalar
// upload, so 8 kernel calls per layer and ~100 per ResNet-10 step, each on a few hundred
// floats, where the call costs more than the arithmetic. This is a plain loop over the wasm
// heap (no addon call: the data is too small for threads), rounding each step to float32 as
// wasm's own kernels do, so the result is the stock one bit for bit.
import type * as tf from '@tensorflow/tfjs';
import type { KernelFunc } from './fallback.ts';
import { MOVING_AVERAGES } from './kernel-names.ts';
import { floatInput, wasmHeap } from './wasm-heap.ts';

const f32 = Math.fround;

// inputs: movingMean, movingVariance, mean, variance (all [C]); attrs: momentum;
// outputs: the new moving mean and moving variance.
const movingAverages: KernelFunc = (args) => {
  const backend = wasmHeap(args.backend);
  const decay = f32(1 - (args.attrs as { momentum: number }).momentum);
  const pairs = [
    ['movingMean', 'mean'],
    ['movingVariance', 'variance'],
  ] as const;
  return pairs.map(([movingName, batchName]) => {
    const moving = floatInput(args.inputs, movingName, MOVING_AVERAGES);
    const batch = floatInput(args.inputs, batchName, MOVING_AVERAGES);
    if (moving.shape.join() !== batch.shape.join()) {
      throw new Error(
        `${MOVING_AVERAGES}: ${movingName} is [${moving.shape}], ${batchName} [${batch.shape}]`,
      );
    }
    const out = backend.makeOutput([...moving.shape], 'float32');
    const m = backend.typedArrayFromHeap(moving);
    const b = backend.typedArrayFromHeap(batch);
    const o = backend.typedArrayFromHeap(out);
    for (let i = 0; i < o.length; i++) o[i] = m[i]! - f32(f32(m[i]! - b[i]!) * decay);
    return out;
  });
};

export const movingAveragesKernel: tf.KernelConfig = {
  kernelName: MOVING_AVERAGES,
  backendName: 'wasm',
  kernelFunc: movingAverages,
};
