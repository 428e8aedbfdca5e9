// Timing helpers for training.bench.ts: one train step exactly as trainModel runs it, and a
// per-kernel profile of a step (tf.profile wraps every kernel call with a timer).
import * as tf from '@tensorflow/tfjs';
import { binaryCrossEntropy } from '../src/losses/losses.ts';

export interface StepTiming {
  imagesPerSecond: number;
  seconds: number;
}

export function makeBatch(batch: number, size: number, channels: number) {
  const x = tf.randomUniform([batch, size, size, channels], 0, 1, 'float32', 1);
  const y = tf.cast(tf.less(tf.randomUniform([batch, 28], 0, 1, 'float32', 2), 0.1), 'float32');
  return { x, y };
}

export function trainStep(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  x: tf.Tensor,
  y: tf.Tensor,
) {
  const loss = optimizer.minimize(
    () => binaryCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor),
    true,
  );
  return loss!;
}

export async function timeSteps(
  step: () => tf.Tensor,
  batch: number,
  warmup: number,
  iterations: number,
): Promise<StepTiming> {
  for (let i = 0; i < warmup; i++) {
    const out = step();
    await out.data();
    out.dispose();
  }
  const started = performance.now();
  for (let i = 0; i < iterations; i++) {
    const out = step();
    await out.data();
    out.dispose();
  }
  const seconds = (performance.now() - started) / 1000;
  return { imagesPerSecond: (batch * iterations) / seconds, seconds };
}

export interface WindowOptions {
  /** Each window runs steps until at least this many seconds have passed. */
  windowS: number;
  /** Timed windows continue until at least this many seconds are timed. */
  minSeconds: number;
  /** Warm-up ends when the last two windows' rates differ by at most this share... */
  settle: number;
  /** ...or after this many seconds, with `settled: false`. */
  maxWarmupS: number;
}

export const DEFAULT_WINDOWS: WindowOptions = {
  windowS: 0.5,
  minSeconds: 3,
  settle: 0.03,
  maxWarmupS: 20,
};

export interface SettledTiming {
  /** Images over the timed seconds (all timed windows together). */
  imagesPerSecond: number;
  seconds: number;
  /** Each timed window's images/s: the spread within one measure. */
  windows: number[];
  /** Each warm-up window's images/s, the last two of which agree when `settled`. */
  warmupWindows: number[];
  settled: boolean;
}

async function timeWindow(step: () => tf.Tensor, seconds: number) {
  const started = performance.now();
  let steps = 0;
  for (;;) {
    const out = step();
    await out.data();
    out.dispose();
    steps += 1;
    const elapsed = (performance.now() - started) / 1000;
    if (elapsed >= seconds) return { steps, elapsed };
  }
}

/**
 * A step's steady rate: untimed warm-up windows until two in a row agree (the first tfjs
 * steps of a process run slower: JIT, the wasm heap growing, oneDNN plans built on first
 * use), then windows until `minSeconds` are timed. torch_resnet_bench.py's settled_rate is
 * the same procedure; keep the two alike.
 */
export async function settledRate(
  step: () => tf.Tensor,
  batch: number,
  options: WindowOptions = DEFAULT_WINDOWS,
): Promise<SettledTiming> {
  const warmupWindows: number[] = [];
  let warmupSeconds = 0;
  let settled = false;
  for (;;) {
    const { steps, elapsed } = await timeWindow(step, options.windowS);
    warmupWindows.push((batch * steps) / elapsed);
    warmupSeconds += elapsed;
    const [a, b] = warmupWindows.slice(-2);
    if (a !== undefined && b !== undefined && Math.abs(b - a) <= options.settle * Math.max(a, b)) {
      settled = true;
      break;
    }
    if (warmupSeconds >= options.maxWarmupS) break;
  }
  const windows: number[] = [];
  let images = 0;
  let seconds = 0;
  while (seconds < options.minSeconds) {
    const { steps, elapsed } = await timeWindow(step, options.windowS);
    windows.push((batch * steps) / elapsed);
    images += batch * steps;
    seconds += elapsed;
  }
  return { imagesPerSecond: images / seconds, seconds, windows, warmupWindows, settled };
}

export interface KernelShare {
  kernel: string;
  calls: number;
  ms: number;
  share: number;
}

/** Milliseconds per kernel name over one call of `step`, largest first. */
export async function profileKernels(
  step: () => tf.Tensor,
): Promise<{ totalMs: number; kernels: KernelShare[] }> {
  const info = await tf.profile(async () => {
    const out = step();
    await out.data();
    out.dispose();
  });
  const byName = new Map<string, { calls: number; ms: number }>();
  for (const k of info.kernels) {
    // Op-level wrappers ('fusedConv2d__op') repeat their kernel's time: counting both would
    // inflate the total and every share.
    if (k.name.endsWith('__op')) continue;
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    const entry = byName.get(k.name) ?? { calls: 0, ms: 0 };
    entry.calls += 1;
    entry.ms += ms;
    byName.set(k.name, entry);
  }
  const totalMs = [...byName.values()].reduce((a, b) => a + b.ms, 0);
  const kernels = [...byName.entries()]
    .map(([kernel, v]) => ({
      kernel,
      calls: v.calls,
      ms: Math.round(v.ms * 10) / 10,
      share: Math.round((v.ms / totalMs) * 1000) / 1000,
    }))
    .sort((a, b) => b.ms - a.ms);
  return { totalMs: Math.round(totalMs), kernels };
}
