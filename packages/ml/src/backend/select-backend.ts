// Only a training or prediction entry point calls this: it picks the fastest tfjs backend that
// loads here, prepares it for training and reports what it chose (the run records it).
import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import type { OnednnKernels } from '@hpa-lab/onednn-kernels';
import type { BackendChoice, Precision } from '../config/train-config.ts';
import { installBroadcastingBatchNormGradient } from './batch-norm-gradient.ts';
import { registerWasmReductionKernels } from './reduction-kernels.ts';
import { registerOnednnKernels, unregisterOnednnKernels } from './onednn/register.ts';
import { registerWasmTrainingKernels } from './wasm-training-kernels.ts';
import { withNodeWasmThreads } from './wasm-threads.ts';

export type BackendName = Exclude<BackendChoice, 'auto'>;

export interface SelectedBackend {
  /** Our name for it (tensorflow-gpu | tensorflow | wasm-onednn | wasm | cpu). */
  name: BackendName;
  /** tfjs's own backend name (e.g. 'tensorflow', 'wasm'). */
  tfjsName: string;
  threads: number;
  /** Why the faster backends before it were skipped (empty when forced or first choice). */
  skipped: { name: BackendName; reason: string }[];
  /** wasm-onednn only: the oneDNN version the native kernels run on. */
  onednnVersion?: string;
  /** What the convolutions compute in (bfloat16: wasm-onednn on a CPU with avx512_bf16). */
  precision: Precision;
}

export interface SelectBackendOptions {
  force?: BackendChoice;
  /**
   * Threads; default: every core (tfjs would cap wasm at half under a browser). For
   * wasm-onednn these are the native kernels' OpenMP threads (wasm itself runs on one).
   */
  threads?: number;
  /** Plain wasm only: set false to run single-threaded (the stock Node behaviour). */
  multithreaded?: boolean;
  /**
   * bfloat16 (the config's `precision`): convolutions in bfloat16, float32 accumulation. Only
   * wasm-onednn has it: auto then means wasm-onednn, and a CPU without avx512_bf16 is an error
   * naming that flag, never a silent float32 run.
   */
  precision?: Precision;
}

const ORDER: BackendName[] = ['tensorflow-gpu', 'tensorflow', 'wasm-onednn', 'wasm', 'cpu'];

async function tryNodeBinding(pkg: string): Promise<void> {
  // Optional dependencies: absent (or without libtensorflow) on most machines.
  await import(pkg);
  if (!(await tf.setBackend('tensorflow'))) throw new Error(`${pkg} registered no backend`);
}

async function activateWasm(options: SelectBackendOptions): Promise<number> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  unregisterOnednnKernels();
  registerWasmTrainingKernels();
  registerWasmReductionKernels();
  const threads = options.threads ?? availableParallelism();
  const ok =
    options.multithreaded === false || threads <= 1
      ? await tf.setBackend('wasm')
      : await withNodeWasmThreads(threads, () => tf.setBackend('wasm'));
  if (!ok) throw new Error('the wasm backend failed to initialize');
  return wasm.getThreadsCount();
}

let onednnAddon: OnednnKernels | undefined;

/** wasm with the native oneDNN kernels; throws (so auto skips it) where the addon is not built. */
async function activateWasmOnednn(options: SelectBackendOptions): Promise<number> {
  const { loadOnednnKernels } = await import('@hpa-lab/onednn-kernels');
  const addon = loadOnednnKernels();
  // wasm runs single-threaded here: the heavy kernels are native, and wasm's idle worker
  // threads spin-wait on the same cores OpenMP needs (the bench measured 10-25% more
  // inference with one wasm thread than with two). OpenMP gets every thread asked for.
  await activateWasm({ ...options, multithreaded: false });
  addon.setThreads(options.threads ?? availableParallelism());
  registerOnednnKernels(addon);
  onednnAddon = addon;
  return addon.info().threads;
}

async function activate(name: BackendName, options: SelectBackendOptions): Promise<number> {
  switch (name) {
    case 'tensorflow-gpu':
      await tryNodeBinding('@tensorflow/tfjs-node-gpu');
      return availableParallelism();
    case 'tensorflow':
      await tryNodeBinding('@tensorflow/tfjs-node');
      return availableParallelism();
    case 'wasm-onednn':
      return activateWasmOnednn(options);
    case 'wasm':
      return activateWasm(options);
    case 'cpu':
      if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend failed to initialize');
      return 1;
  }
}

let current: SelectedBackend | undefined;

/**
 * Picks tensorflow-gpu, then tensorflow, then wasm with native oneDNN kernels, then plain wasm
 * (made able to train), then cpu, or exactly
 * `force`. A forced backend that cannot load is an error, never a silent fallback.
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<SelectedBackend> {
  installBroadcastingBatchNormGradient();
  // Production mode skips per-op debug checks (and the duplicate-kernel warnings a
  // half-loaded tfjs-node prints while we probe it).
  tf.enableProdMode();
  const force = options.force ?? 'auto';
  const precision = options.precision ?? 'float32';
  if (precision === 'bfloat16' && force !== 'auto' && force !== 'wasm-onednn') {
    throw new Error(`precision bfloat16 runs on the wasm-onednn backend only, not '${force}'`);
  }
  if (current !== undefined && (force === 'auto' || force === current.name)) {
    if (precision === 'float32' || current.name === 'wasm-onednn')
      return withPrecision(current, precision);
  }
  const candidates =
    precision === 'bfloat16' ? ['wasm-onednn' as const] : force === 'auto' ? ORDER : [force];
  const skipped: SelectedBackend['skipped'] = [];
  for (const name of candidates) {
    let threads: number;
    try {
      threads = await activate(name, options);
      await tf.ready();
    } catch (error) {
      const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
      if (force !== 'auto' || precision === 'bfloat16') {
        const why = precision === 'bfloat16' ? ' (precision bfloat16 needs it)' : '';
        throw new Error(`backend '${name}' could not be loaded${why}: ${reason}`, {
          cause: error,
        });
      }
      skipped.push({ name, reason });
      continue;
    }
    current = { name, tfjsName: tf.getBackend(), threads, skipped, precision: 'float32' };
    if (name === 'wasm-onednn') current.onednnVersion = onednnAddon?.info().version;
    // Outside the try: a refused precision is its own error, not "could not be loaded".
    return withPrecision(current, precision);
  }
  throw new Error(`no tfjs backend could be loaded: ${JSON.stringify(skipped)}`);
}

/**
 * Sets what wasm-onednn's convolutions compute in. The addon refuses bfloat16 on a CPU without
 * avx512_bf16 with a message naming the flag; that message reaches the run's error as is.
 */
function withPrecision(selected: SelectedBackend, precision: Precision): SelectedBackend {
  if (selected.name === 'wasm-onednn' && onednnAddon) {
    try {
      onednnAddon.setConvPrecision(precision);
    } catch (error) {
      throw new Error(`precision ${precision}: ${(error as Error).message}`, { cause: error });
    }
  }
  selected.precision = precision;
  return selected;
}
