// The wasm backend's own kernels that ours replace, kept so that the cases our native path does
// not take (NCHW, prelu, other dtypes) still run, and so that unregistering restores them.
import type * as tf from '@tensorflow/tfjs';

export type KernelFunc = tf.KernelConfig['kernelFunc'];

export class FallbackKernels {
  private readonly kernels = new Map<string, tf.KernelConfig>();

  keep(config: tf.KernelConfig): void {
    this.kernels.set(config.kernelName, config);
  }

  get(name: string): tf.KernelConfig | undefined {
    return this.kernels.get(name);
  }

  call(name: string, args: Parameters<KernelFunc>[0]): ReturnType<KernelFunc> {
    const original = this.kernels.get(name);
    if (original === undefined) throw new Error(`no wasm ${name} kernel to fall back to`);
    return original.kernelFunc(args);
  }
}
