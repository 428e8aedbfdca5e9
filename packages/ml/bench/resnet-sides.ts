// The two sides of the ResNet benches (training.bench.ts, training-bf16.bench.ts), each run in
// a fresh process: tfjs_resnet_bench.ts for a tfjs backend, torch_resnet_bench.py for PyTorch.
// Both get the same network, batch and threads (OMP_NUM_THREADS for both OpenMP runtimes).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BackendName } from '../src/backend/select-backend.ts';
import type { Precision } from '../src/config/train-config.ts';
import { best } from '@hpa-lab/bench-kit';
import { lastJsonLine, runCapture } from './bench-machine.ts';
import type { SettledTiming, WindowOptions } from './training-lib.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const PYTHON = '/usr/bin/python3';

/** null when Debian's python3-torch imports (installed here if missing), else why not. */
export function ensureTorch(say: (line: string) => void): string | null {
  const probe = () => spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
  if (probe()) return null;
  say('python3-torch missing: installing it with apt-get');
  const result = spawnSync('apt-get', ['install', '-y', 'python3-torch'], { stdio: 'inherit' });
  if (result.status !== 0 || !probe()) return 'python3-torch could not be installed';
  return null;
}

export interface Rates {
  train: number;
  infer: number;
}

export interface TfjsResult {
  backend: string;
  precision: Precision;
  threads: number;
  onednnVersion?: string;
  params: number;
  train: SettledTiming | null;
  infer: SettledTiming | null;
  profile?: { trainStep: unknown; inference: unknown };
}

export interface TorchResult {
  framework: string;
  threads: number;
  interopThreads: number;
  mkldnn: boolean;
  mkldnnAvailable: boolean;
  params: number;
  trainLayout: Layout;
  inferLayout: Layout;
  /** "bfloat16 autocast" with --bf16, else "float32". */
  precision: string;
  /** What a PyTorch user would set, as the Python side records it. */
  settings: Record<string, boolean>;
  train: SettledTiming | null;
  /** Per inference path (eager, frozen, optimised): its timing, and how it was built. */
  infer: Record<string, SettledTiming>;
  inferPaths: Record<string, string>;
}

/** A measure's rate with the evidence of how it was timed (for a round's record). */
export interface Measured {
  imagesPerSecond: number;
  windowSpread: { min: number; max: number };
  settled: boolean;
}

export const measureOf = (t: SettledTiming): Measured => ({
  imagesPerSecond: t.imagesPerSecond,
  windowSpread: { min: Math.min(...t.windows), max: Math.max(...t.windows) },
  settled: t.settled,
});

/** PyTorch's fastest inference path of one run. */
export function fastestTorchInference(result: TorchResult): {
  path: string;
  timing: SettledTiming;
} {
  const path = best(Object.keys(result.infer), (p) => result.infer[p]!.imagesPerSecond);
  return { path, timing: result.infer[path]! };
}

export type Layout = 'channels_last' | 'contiguous';
export const LAYOUTS: Layout[] = ['channels_last', 'contiguous'];

const windowArgs = (w: WindowOptions) => [
  ...['--window-s', String(w.windowS), '--min-seconds', String(w.minSeconds)],
  ...['--settle', String(w.settle), '--max-warmup-s', String(w.maxWarmupS)],
];
export type Measures = { train: boolean; infer: boolean };
const measureArgs = (m: Measures) => [
  ...(m.train ? [] : ['--no-train']),
  ...(m.infer ? [] : ['--no-infer']),
];
export const BOTH: Measures = { train: true, infer: true };

export interface SidesOptions {
  batch: number;
  width: number;
  blocks: readonly number[];
  threads: number;
}

/** Runs either side with one network, batch and thread count. */
export function resnetSides({ batch, width, blocks, threads }: SidesOptions) {
  const modelArgs = [
    '--batch',
    String(batch),
    '--width',
    String(width),
    '--blocks',
    blocks.join(','),
  ];
  // Both sides' OpenMP runtimes (our addon's libgomp, PyTorch's) read this at start-up.
  const threadEnv = { OMP_NUM_THREADS: String(threads) };
  const childEnv = (verbose?: boolean) => ({
    ...threadEnv,
    ...(verbose ? { DNNL_VERBOSE: '1', ONEDNN_VERBOSE: '1' } : {}),
  });

  function runTfjs(
    backend: BackendName,
    size: number,
    measures: Measures,
    windows: WindowOptions,
    options: { profile?: boolean; verbose?: boolean; precision?: Precision } = {},
  ): { result: TfjsResult; stdout: string } {
    const stdout = runCapture(
      process.execPath,
      [
        '--import',
        'tsx',
        join(here, 'tfjs_resnet_bench.ts'),
        ...['--backend', backend, '--size', String(size), '--threads', String(threads)],
        ...modelArgs,
        ...measureArgs(measures),
        ...windowArgs(windows),
        ...(options.profile ? ['--profile'] : []),
        ...(options.precision ? ['--precision', options.precision] : []),
      ],
      childEnv(options.verbose),
    );
    return { result: lastJsonLine<TfjsResult>(stdout, `tfjs ${backend}`), stdout };
  }

  function runTorch(
    size: number,
    measures: Measures,
    windows: WindowOptions,
    layouts: { train: Layout; infer: Layout },
    /** bf16: training under torch.cpu.amp.autocast(dtype=torch.bfloat16). */
    options: { mkldnn?: boolean; verbose?: boolean; bf16?: boolean } = {},
  ): { result: TorchResult; stdout: string } {
    const stdout = runCapture(
      PYTHON,
      [
        join(here, 'torch_resnet_bench.py'),
        ...['--size', String(size), '--threads', String(threads)],
        ...modelArgs,
        ...measureArgs(measures),
        ...windowArgs(windows),
        ...['--train-layout', layouts.train, '--infer-layout', layouts.infer],
        ...(options.mkldnn === false ? ['--no-mkldnn'] : []),
        ...(options.bf16 ? ['--bf16'] : []),
      ],
      childEnv(options.verbose),
    );
    return { result: lastJsonLine<TorchResult>(stdout, 'pytorch'), stdout };
  }

  return { runTfjs, runTorch, threadEnv };
}
