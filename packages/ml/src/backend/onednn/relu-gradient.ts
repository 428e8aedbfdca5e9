// ReLU's gradient as one native pass. tfjs-core's is dy * cast(step(x)): on wasm that is three
// kernels (Step, Cast, Multiply), two full-size temporaries, all single-threaded. Gradients are
// global in tfjs, so ours replaces it for every backend and takes the stock formula wherever
// the native kernel is not registered (cpu, plain wasm, tfjs-node).
import * as tf from '@tensorflow/tfjs';
import type { OnednnKernels } from '@hpa-lab/onednn-kernels';
import type { KernelFunc } from './fallback.ts';
import { RELU_GRAD } from './kernel-names.ts';
import { floatInput, wasmHeap } from './wasm-heap.ts';

export function reluGradientKernels(addon: OnednnKernels): tf.KernelConfig[] {
  // inputs: dy, x (ReLU's input); output: dx.
  const reluGrad: KernelFunc = (args) => {
    const backend = wasmHeap(args.backend);
    const dy = floatInput(args.inputs, 'dy', RELU_GRAD);
    const x = floatInput(args.inputs, 'x', RELU_GRAD);
    const dx = backend.makeOutput([...x.shape], 'float32');
    addon.reluGradient(
      tf.util.sizeFromShape(x.shape),
      backend.typedArrayFromHeap(dy),
      backend.typedArrayFromHeap(x),
      backend.typedArrayFromHeap(dx),
    );
    return dx;
  };
  return [{ kernelName: RELU_GRAD, backendName: 'wasm', kernelFunc: reluGrad }];
}

/** tfjs-core's own Relu gradient: the fallback, and what tests compare against. */
export const tfjsCoreReluGradient: tf.GradConfig | undefined = tf.getGradient(tf.Relu);

export const nativeReluGradient: tf.GradConfig = {
  kernelName: tf.Relu,
  inputsToSave: ['x'],
  gradFunc: (dys, saved, attrs) => {
    const dy = Array.isArray(dys) ? dys[0]! : dys;
    const [x] = saved as [tf.Tensor];
    const native =
      dy.dtype === 'float32' &&
      x.dtype === 'float32' &&
      tf.getKernel(RELU_GRAD, tf.getBackend()) !== undefined;
    if (!native) return tfjsCoreReluGradient!.gradFunc(dy, saved, attrs);
    return { x: () => tf.engine().runKernel(RELU_GRAD, { dy, x }) as tf.Tensor };
  },
};

let installed = false;

/** Puts nativeReluGradient in place of tfjs-core's (idempotent). */
export function installNativeReluGradient(): void {
  if (installed || tfjsCoreReluGradient === undefined) return;
  tf.unregisterGradient(tf.Relu);
  tf.registerGradient(nativeReluGradient);
  installed = true;
}
