// Training and inference images/s of the ResNet-style model (ResNet-10 layout, width 32,
// 4 channels, batch 16) at 128 and 256 px on wasm-onednn (wasm + our native kernels) and plain
// wasm, against the same architecture in PyTorch (Debian's python3-torch, installed when
// missing) at its best settings for this CPU; plus the whole training loop against the bare
// step (training_loop_bench.ts) and a per-kernel profile of one step. Writes
// bench/results/training.json with every round.
//
// A ratio between two frameworks only holds when both ran on the same quiet machine, so:
// - before each round it waits (at most BENCH_MAX_WAIT_S) for the 1-minute load average to drop
//   below BENCH_MAX_LOAD; a round that starts above it anyway is marked `reliable: false`, and
//   so is the result. The load is recorded before and after every round, and so is the share
//   of all CPU time other processes took during it (/proc/stat less this bench's own ticks:
//   what a load average read before the round cannot see); above BENCH_MAX_FOREIGN_CPU
//   (default 0.25) the round is unreliable too.
// - each round runs every side once, each in its own fresh process, back to back, in turns
//   (the order reverses every round); the figure is the median of the per-round ratios, with
//   their range, never a best-of.
// - PyTorch's memory layout (channels_last or contiguous NCHW) is probed at the start of each
//   size and the faster one is used for each measure; both sides get the same thread count
//   (BENCH_THREADS, default all cores; OMP_NUM_THREADS for both, torch.set_num_threads).
// - each measure runs warm-up windows until two in a row agree within BENCH_SETTLE (3%), then
//   at least BENCH_MIN_SECONDS (3 s) timed (settledRate in training-lib.ts, settled_rate in
//   torch_resnet_bench.py); a measure whose warm-up never settled makes its round unreliable.
// - PyTorch's inference is eager, traced+frozen and traced+frozen+optimize_for_inference; the
//   inference ratio is against the fastest of them in each round (its name is recorded).
//
// Usage: npm run bench -w @hpa-lab/ml -- training
//   BENCH_SIZES=128  BENCH_BACKENDS=wasm-onednn  BENCH_ROUNDS=5  BENCH_MAX_WAIT_S=300
//   BENCH_MAX_LOAD=1  BENCH_THREADS=2  BENCH_WINDOW_S=0.5  BENCH_MIN_SECONDS=3  BENCH_SETTLE=0.03
//   BENCH_LOOP=0 (skip the whole-loop measure)
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'prettier';
import type { BackendName } from '../src/backend/select-backend.ts';
import {
  best,
  cpuInfo,
  foreignCpuMeter,
  loadNow,
  median,
  perRoundRatios,
  roundOrder,
  spread,
  waitForQuiet,
  type QuietWait,
} from '@hpa-lab/bench-kit';
import { runForked } from './bench-machine.ts';
import {
  BOTH,
  fastestTorchInference,
  LAYOUTS,
  measureOf,
  ensureTorch,
  resnetSides,
  type Layout,
  type Measured,
  type Rates,
  type TorchResult,
} from './resnet-sides.ts';
import { parseOnednnVerbose, type OnednnVerbose } from './onednn-verbose.ts';
import type { WindowOptions } from './training-lib.ts';
import { trainingTable, type TableLoop } from './training-table.ts';

const here = dirname(fileURLToPath(import.meta.url));
const BATCH = 16;
const WIDTH = 32;
const BLOCKS = [1, 1, 1, 1];
const env = process.env;
const sizes = (env.BENCH_SIZES ?? '128,256').split(',').map(Number);
const backends = (env.BENCH_BACKENDS ?? 'wasm-onednn,wasm').split(',') as BackendName[];
const ROUNDS = Number(env.BENCH_ROUNDS ?? 5);
const MAX_LOAD = Number(env.BENCH_MAX_LOAD ?? 1);
const MAX_WAIT_S = Number(env.BENCH_MAX_WAIT_S ?? 300);
const POLL_S = Number(env.BENCH_POLL_S ?? 5);
const MAX_FOREIGN = Number(env.BENCH_MAX_FOREIGN_CPU ?? 0.25);
const THREADS = Number(env.BENCH_THREADS ?? availableParallelism());
// How each measure is timed, the same on both sides: steady state, as a long run sees.
const WINDOWS: WindowOptions = {
  windowS: Number(env.BENCH_WINDOW_S ?? 0.5),
  minSeconds: Number(env.BENCH_MIN_SECONDS ?? 3),
  settle: Number(env.BENCH_SETTLE ?? 0.03),
  maxWarmupS: Number(env.BENCH_MAX_WARMUP_S ?? 20),
};
// The layout probe only picks a layout: shorter windows.
const PROBE_WINDOWS: WindowOptions = { ...WINDOWS, minSeconds: 1, maxWarmupS: 4 };
const LOOP = env.BENCH_LOOP !== '0';
const say = (line: string) => console.log(line);

const { runTfjs, runTorch, threadEnv } = resnetSides({
  batch: BATCH,
  width: WIDTH,
  blocks: BLOCKS,
  threads: THREADS,
});

/**
 * PyTorch's fastest layout for each measure at this size: each layout twice in a short run,
 * in turns (A B B A), the faster of its two runs counting (a probe picks, it is not reported).
 */
function probeTorchLayouts(size: number) {
  const probes: { layout: Layout; train: number; infer: number; load: number[] }[] = [];
  for (const layout of [...LAYOUTS, ...[...LAYOUTS].reverse()]) {
    const { result } = runTorch(size, BOTH, PROBE_WINDOWS, { train: layout, infer: layout });
    probes.push({
      layout,
      train: result.train?.imagesPerSecond ?? 0,
      infer: fastestTorchInference(result).timing.imagesPerSecond,
      load: loadNow(),
    });
  }
  const bestOf = (layout: Layout, measure: 'train' | 'infer') =>
    Math.max(...probes.filter((p) => p.layout === layout).map((p) => p[measure]));
  const chosen = {
    train: best(LAYOUTS, (l) => bestOf(l, 'train')),
    infer: best(LAYOUTS, (l) => bestOf(l, 'infer')),
  };
  return { probes, chosen };
}

/** What oneDNN says on each side: version, ISA, threads and the implementations that ran. */
function onednnProbe(): { ours: OnednnVerbose | string; pytorch: OnednnVerbose | string } {
  // One short window each: the verbose log names the kernels, nothing is timed.
  const brief: WindowOptions = { windowS: 0.01, minSeconds: 0.01, settle: 1, maxWarmupS: 0 };
  const attempt = (run: () => string): OnednnVerbose | string => {
    try {
      return parseOnednnVerbose(run());
    } catch (error) {
      return (error as Error).message;
    }
  };
  return {
    ours: attempt(() => runTfjs('wasm-onednn', 64, BOTH, brief, { verbose: true }).stdout),
    pytorch: attempt(
      () =>
        runTorch(
          64,
          BOTH,
          brief,
          { train: 'channels_last', infer: 'channels_last' },
          { verbose: true },
        ).stdout,
    ),
  };
}

interface RoundRecord {
  round: number;
  order: string[];
  reliable: boolean;
  waitedS: number;
  loadBefore: number[];
  loadAfter: number[];
  /** Share of all CPU time that other processes took during the round. */
  foreignCpuShare: number | null;
  tfjs: Record<string, Rates>;
  torch: Rates | null;
  /** PyTorch's inference path that was fastest in this round (the one `torch.infer` is). */
  torchInferPath: string | null;
  ratio: Record<string, Rates> | null;
  /** Every measure's rate, the spread of its timed windows, and whether its warm-up settled. */
  measures: Record<string, Measured>;
}

const torchProblem = ensureTorch(say);
const loadAtStart = loadNow();
const startedAt = new Date().toISOString();
const cpu = cpuInfo();
say(`cpu: ${cpu.model}; flags: ${JSON.stringify(cpu.flags)}; threads each side: ${THREADS}`);
const onednn = backends.includes('wasm-onednn') && !torchProblem ? onednnProbe() : null;
if (onednn) say(`oneDNN: ${JSON.stringify(onednn)}`);

const results = [];
const torchSettings: Record<string, unknown> = {};
const profiles: Record<string, unknown> = {};
const backendInfo: Record<string, { threads: number; onednnVersion?: string }> = {};
let torchInfo: Omit<TorchResult, 'train' | 'infer'> | null = null;

for (const [sizeIndex, size] of sizes.entries()) {
  let layouts: { train: Layout; infer: Layout } = {
    train: 'channels_last',
    infer: 'channels_last',
  };
  if (!torchProblem) {
    const gate = await waitForQuiet(MAX_LOAD, MAX_WAIT_S, POLL_S, say);
    const probe = probeTorchLayouts(size);
    layouts = probe.chosen;
    // Once: PyTorch with its oneDNN (mkldnn) path off, to show what that path is worth.
    const mkldnnOff =
      sizeIndex === 0
        ? runTorch(size, BOTH, PROBE_WINDOWS, layouts, { mkldnn: false }).result
        : undefined;
    torchSettings[size] = { ...probe, probeLoadBefore: gate.loadBefore, mkldnnOff };
    say(`${size} px: PyTorch layouts ${JSON.stringify(layouts)} (${JSON.stringify(probe.probes)})`);
  }
  const sides = [...backends.map((b) => `tfjs:${b}`), ...(torchProblem ? [] : ['pytorch'])];
  const rounds: RoundRecord[] = [];
  let params = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const gate: QuietWait = await waitForQuiet(MAX_LOAD, MAX_WAIT_S, POLL_S, say);
    const order = roundOrder(sides, round);
    const foreign = foreignCpuMeter();
    const record: RoundRecord = {
      round,
      order,
      reliable: gate.reliable,
      waitedS: gate.waitedS,
      loadBefore: gate.loadBefore,
      loadAfter: [],
      foreignCpuShare: null,
      tfjs: {},
      torch: null,
      torchInferPath: null,
      ratio: null,
      measures: {},
    };
    for (const side of order) {
      if (side === 'pytorch') {
        const { result } = runTorch(size, BOTH, WINDOWS, layouts);
        const { train, infer, ...info } = result;
        torchInfo = info;
        const fastest = fastestTorchInference(result);
        record.torch = { train: train!.imagesPerSecond, infer: fastest.timing.imagesPerSecond };
        record.torchInferPath = fastest.path;
        record.measures['pytorch train'] = measureOf(train!);
        for (const [path, timing] of Object.entries(infer)) {
          record.measures[`pytorch infer ${path}`] = measureOf(timing);
        }
        continue;
      }
      const backend = side.slice('tfjs:'.length) as BackendName;
      const profile = round === 0 && sizeIndex === 0;
      const { result } = runTfjs(backend, size, BOTH, WINDOWS, { profile });
      backendInfo[backend] = { threads: result.threads, onednnVersion: result.onednnVersion };
      params = result.params;
      record.tfjs[backend] = {
        train: result.train!.imagesPerSecond,
        infer: result.infer!.imagesPerSecond,
      };
      record.measures[`${backend} train`] = measureOf(result.train!);
      record.measures[`${backend} infer`] = measureOf(result.infer!);
      if (result.profile) profiles[backend] = { size, ...result.profile };
    }
    record.loadAfter = loadNow();
    record.foreignCpuShare = foreign();
    if (record.foreignCpuShare !== null && record.foreignCpuShare > MAX_FOREIGN) {
      record.reliable = false;
    }
    if (Object.values(record.measures).some((m) => !m.settled)) record.reliable = false;
    if (record.torch) {
      const torch = record.torch;
      record.ratio = Object.fromEntries(
        Object.entries(record.tfjs).map(([b, r]) => [
          b,
          { train: r.train / torch.train, infer: r.infer / torch.infer },
        ]),
      );
    }
    say(`${size} px round ${round + 1}/${ROUNDS}: ${JSON.stringify(record)}`);
    rounds.push(record);
  }
  const torchRounds = rounds.map((r) => r.torch).filter((r): r is Rates => r !== null);
  const summary = Object.fromEntries(
    backends.map((b) => {
      const ours = rounds.map((r) => r.tfjs[b]!);
      // Only when PyTorch ran in every round: ratios are paired round by round.
      const ratio = (measure: keyof Rates) =>
        torchRounds.length === rounds.length
          ? spread(
              perRoundRatios(
                ours.map((r) => r[measure]),
                torchRounds.map((r) => r[measure]),
              ),
            )
          : null;
      return [
        b,
        {
          trainImagesPerSecond: median(ours.map((r) => r.train)),
          inferImagesPerSecond: median(ours.map((r) => r.infer)),
          trainRatio: ratio('train'),
          inferRatio: ratio('infer'),
        },
      ];
    }),
  );
  const row = {
    size,
    batch: BATCH,
    params,
    reliable: rounds.every((r) => r.reliable),
    torchLayouts: layouts,
    // How often each PyTorch inference path was the fastest (the ratio's peer) over the rounds.
    torchInferPaths: countOf(rounds.map((r) => r.torchInferPath).filter((p) => p !== null)),
    summary,
    torch:
      torchRounds.length > 0
        ? {
            trainImagesPerSecond: median(torchRounds.map((r) => r.train)),
            inferImagesPerSecond: median(torchRounds.map((r) => r.infer)),
          }
        : null,
    rounds,
  };
  say(`${size} px: ${JSON.stringify({ summary: row.summary, torch: row.torch })}`);
  results.push(row);
}

// The whole loop (item 4 of issue 12): trainModel's epochs on a cache against the bare step,
// at 128 px on the first backend, in one process forked with IPC like apps/trainer's child.
let loop: Record<string, unknown> | null = null;
if (LOOP) {
  const gate = await waitForQuiet(MAX_LOAD, MAX_WAIT_S, POLL_S, say);
  const foreign = foreignCpuMeter();
  const measured = await runForked<Record<string, unknown>>(
    join(here, 'training_loop_bench.ts'),
    [
      '--backend',
      backends[0]!,
      '--size',
      '128',
      '--batch',
      String(BATCH),
      '--threads',
      String(THREADS),
    ],
    threadEnv,
  );
  const foreignCpuShare = foreign();
  loop = {
    ...measured,
    reliable: gate.reliable && (foreignCpuShare === null || foreignCpuShare <= MAX_FOREIGN),
    loadBefore: gate.loadBefore,
    loadAfter: loadNow(),
    foreignCpuShare,
  };
  say(`whole loop: ${JSON.stringify(loop)}`);
}

const reliable = results.every((r) => r.reliable) && (loop === null || (loop.reliable as boolean));
const report = {
  bench: 'training',
  date: startedAt,
  finished: new Date().toISOString(),
  reliable,
  settings: {
    rounds: ROUNDS,
    maxLoad: MAX_LOAD,
    maxWaitS: MAX_WAIT_S,
    maxForeignCpuShare: MAX_FOREIGN,
    threads: THREADS,
    ompNumThreads: THREADS,
    windows: WINDOWS,
    sizes,
    backends,
  },
  machine: {
    cpu: cpu.model,
    flags: cpu.flags,
    cores: availableParallelism(),
    node: process.version,
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: round2(loadavg()),
  },
  onednn,
  model: { name: 'resnet', blocksPerStage: BLOCKS, width: WIDTH, channels: 4 },
  backends: backendInfo,
  torchProblem,
  pytorch: torchInfo,
  torchSettings,
  results,
  loop,
  // Per-kernel time of one training step and one inference batch at the first size, in the
  // first round. Kernel times include kernels called inside other kernels (e.g. the Conv2D
  // inside plain wasm's Conv2DBackpropInput), so shares overlap.
  profiles,
};
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'training.json'), JSON.stringify(report, null, 2) + '\n');
const table = trainingTable(results, loop as TableLoop | null);
const heading =
  `${startedAt.slice(0, 16).replace('T', ' ')} UTC, ${cpu.model}, ${THREADS} threads each side, ` +
  `${ROUNDS} rounds, load ${loadAtStart.join(' ')} at start, reliable: ${reliable}; PyTorch ` +
  `layouts (train/infer): ${results.map((r) => `${r.size} px ${r.torchLayouts.train}/${r.torchLayouts.infer}`).join(', ')}\n\n`;
// Formatted as the README is, so the table can be pasted there as is.
const markdown = await format(heading + table, { parser: 'markdown' });
writeFileSync(join(here, 'results', 'training.md'), markdown);
say(`\n${markdown}`);
say(`wrote bench/results/training.json and training.md (reliable: ${reliable})`);
process.exit(0);

function countOf(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

function round2(values: number[]): number[] {
  return values.map((v) => Math.round(v * 100) / 100);
}
