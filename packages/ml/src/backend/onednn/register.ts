// Turns the wasm backend into 'wasm-onednn': convolutions, batch-norm, ReLU, the max-pool
// gradient, Adam and whole inference networks run in our native addon
// (packages/onednn-kernels) on the wasm heap, in place; every other kernel stays wasm's own.
// Reversible, so tests can compare both.
import * as tf from '@tensorflow/tfjs';
import type { OnednnKernels } from '@hpa-lab/onednn-kernels';
import { aliasingKernels } from './aliasing-kernels.ts';
import { convKernels } from './conv-kernels.ts';
import { elementwiseKernels } from './elementwise-kernels.ts';
import { FallbackKernels } from './fallback.ts';
import { movingAveragesKernel } from './moving-averages.ts';
import { installNativeReluGradient, reluGradientKernels } from './relu-gradient.ts';
import { inferenceNetKernel } from './inference-net-kernel.ts';
import { batchNormTrainingGradient, trainingKernels } from './training-kernels.ts';

let active: { names: string[]; fallback: FallbackKernels } | undefined;

/** Registers the native kernels on 'wasm' and returns their names. Idempotent. */
export function registerOnednnKernels(addon: OnednnKernels): string[] {
  unregisterOnednnKernels();
  const fallback = new FallbackKernels();
  const kernels = [
    ...convKernels(addon, fallback),
    ...elementwiseKernels(addon, fallback),
    ...trainingKernels(addon),
    ...reluGradientKernels(addon),
    ...aliasingKernels(fallback),
    movingAveragesKernel,
    inferenceNetKernel(addon),
  ];
  for (const config of kernels) {
    const existing = tf.getKernel(config.kernelName, 'wasm');
    if (existing !== undefined) {
      fallback.keep(existing);
      tf.unregisterKernel(config.kernelName, 'wasm');
    }
    tf.registerKernel(config);
  }
  if (tf.getGradient(batchNormTrainingGradient.kernelName) === undefined) {
    tf.registerGradient(batchNormTrainingGradient);
  }
  installNativeReluGradient();
  active = { names: kernels.map((k) => k.kernelName), fallback };
  return active.names;
}

/** Puts wasm's own kernels back (ours that have no wasm counterpart are just removed). */
export function unregisterOnednnKernels(): void {
  if (active === undefined) return;
  for (const name of active.names) {
    if (tf.getKernel(name, 'wasm') !== undefined) tf.unregisterKernel(name, 'wasm');
    const original = active.fallback.get(name);
    if (original !== undefined) tf.registerKernel(original);
  }
  active = undefined;
}
