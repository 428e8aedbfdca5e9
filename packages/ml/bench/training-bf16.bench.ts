// bfloat16 training against PyTorch's own bfloat16 (issue 23, item 5): the ResNet-style model
// (ResNet-10 layout, width 32, 4 channels, batch 16) at 128 px, a training step per image, ours
// with the config's `precision: 'bfloat16'` (wasm-onednn: bfloat16 convolutions, float32
// accumulation and weights) against PyTorch under torch.cpu.amp.autocast(dtype=torch.bfloat16)
// (its CPU mixed precision; the loss on its float32 output). The ratio that counts is bfloat16
// against bfloat16, never against PyTorch's float32. Both sides' float32 run in the same rounds
// too, so each side's own bfloat16 gain is shown beside the ratio.
//
// Timing and fairness as training.bench.ts: each side in a fresh process per round, the order
// reversed every round, warm-up windows until two agree within 3% and at least 3 s timed; a
// round that starts above BENCH_MAX_LOAD, where other processes took more than
// BENCH_MAX_FOREIGN_CPU of the CPU, or whose warm-up never settled is marked unreliable. The
// figure is the median of the per-round ratios, with their range. PyTorch's layout
// (channels_last or contiguous) is probed first, A B B A, and the faster one used.
//
// Usage: npm run bench -w @hpa-lab/ml -- training-bf16   (bench/results/training-bf16.json)
//   BENCH_SIZES=128  BENCH_ROUNDS=5  BENCH_MAX_LOAD=1  BENCH_MAX_WAIT_S=300  BENCH_THREADS=2
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
} from '@hpa-lab/bench-kit';
import {
  ensureTorch,
  LAYOUTS,
  measureOf,
  resnetSides,
  type Layout,
  type Measured,
} from './resnet-sides.ts';
import type { WindowOptions } from './training-lib.ts';

const here = dirname(fileURLToPath(import.meta.url));
const env = process.env;
const sizes = (env.BENCH_SIZES ?? '128').split(',').map(Number);
const ROUNDS = Number(env.BENCH_ROUNDS ?? 5);
const MAX_LOAD = Number(env.BENCH_MAX_LOAD ?? 1);
const MAX_WAIT_S = Number(env.BENCH_MAX_WAIT_S ?? 300);
const MAX_FOREIGN = Number(env.BENCH_MAX_FOREIGN_CPU ?? 0.25);
const THREADS = Number(env.BENCH_THREADS ?? availableParallelism());
const WINDOWS: WindowOptions = { windowS: 0.5, minSeconds: 3, settle: 0.03, maxWarmupS: 20 };
const PROBE_WINDOWS: WindowOptions = { ...WINDOWS, minSeconds: 1, maxWarmupS: 4 };
const TRAIN_ONLY = { train: true, infer: false };
const say = (line: string) => console.log(line);
const { runTfjs, runTorch } = resnetSides({
  batch: 16,
  width: 32,
  blocks: [1, 1, 1, 1],
  threads: THREADS,
});

type Side = 'ours bfloat16' | 'pytorch bfloat16' | 'ours float32' | 'pytorch float32';
const SIDES: Side[] = ['ours bfloat16', 'pytorch bfloat16', 'ours float32', 'pytorch float32'];

interface RoundRecord {
  round: number;
  order: Side[];
  reliable: boolean;
  loadBefore: number[];
  loadAfter: number[];
  /** Share of all CPU time that other processes took during the round. */
  foreignCpuShare: number | null;
  measures: Record<Side, Measured>;
}

function measure(side: Side, size: number, layout: Layout, windows = WINDOWS): Measured {
  const bf16 = side.endsWith('bfloat16');
  if (side.startsWith('ours')) {
    const { result } = runTfjs('wasm-onednn', size, TRAIN_ONLY, windows, {
      precision: bf16 ? 'bfloat16' : 'float32',
    });
    if (result.precision !== (bf16 ? 'bfloat16' : 'float32'))
      throw new Error(`ours ran in ${result.precision}, not as asked (${side})`);
    return measureOf(result.train!);
  }
  const { result } = runTorch(
    size,
    TRAIN_ONLY,
    windows,
    { train: layout, infer: layout },
    { bf16 },
  );
  return measureOf(result.train!);
}

const cpu = cpuInfo();
const loadAtStart = loadNow();
const startedAt = new Date().toISOString();
const problem = !cpu.flags.avx512_bf16
  ? 'this CPU has no avx512_bf16: bfloat16 training is refused here'
  : ensureTorch(say);
say(`cpu: ${cpu.model}; avx512_bf16: ${cpu.flags.avx512_bf16}; threads each side: ${THREADS}`);
if (problem) {
  // `npm run bench -- training` runs this bench too: on a CPU that cannot run it, the results of
  // the last machine that could are kept, not replaced by an empty report.
  say(`${problem}: nothing measured; bench/results/training-bf16.json left as it was`);
  process.exit(0);
}

const results = [];
for (const size of sizes) {
  // PyTorch's faster layout for bfloat16 training at this size (a probe picks, not reported).
  await waitForQuiet(MAX_LOAD, MAX_WAIT_S, 5, say);
  const probes = [...LAYOUTS, ...[...LAYOUTS].reverse()].map((layout) => ({
    layout,
    rate: measure('pytorch bfloat16', size, layout, PROBE_WINDOWS).imagesPerSecond,
  }));
  const layout = best(LAYOUTS, (l) =>
    Math.max(...probes.filter((p) => p.layout === l).map((p) => p.rate)),
  );
  say(`${size} px: PyTorch bfloat16 layout ${layout} (${JSON.stringify(probes)})`);
  const rounds: RoundRecord[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const gate = await waitForQuiet(MAX_LOAD, MAX_WAIT_S, 5, say);
    const order = roundOrder(SIDES, round);
    const foreign = foreignCpuMeter();
    const measures = {} as Record<Side, Measured>;
    for (const side of order) measures[side] = measure(side, size, layout);
    const foreignCpuShare = foreign();
    const reliable =
      gate.reliable &&
      (foreignCpuShare === null || foreignCpuShare <= MAX_FOREIGN) &&
      Object.values(measures).every((m) => m.settled);
    const record: RoundRecord = {
      round,
      order,
      reliable,
      loadBefore: gate.loadBefore,
      loadAfter: loadNow(),
      foreignCpuShare,
      measures,
    };
    say(`${size} px round ${round + 1}/${ROUNDS}: ${JSON.stringify(record)}`);
    rounds.push(record);
  }
  const rates = (side: Side) => rounds.map((r) => r.measures[side].imagesPerSecond);
  const ratio = (a: Side, b: Side) => spread(perRoundRatios(rates(a), rates(b)));
  results.push({
    size,
    torchLayout: layout,
    layoutProbes: probes,
    reliable: rounds.every((r) => r.reliable),
    imagesPerSecond: Object.fromEntries(SIDES.map((s) => [s, median(rates(s))])),
    // The ratio that counts: our bfloat16 against PyTorch's bfloat16 autocast.
    bf16Ratio: ratio('ours bfloat16', 'pytorch bfloat16'),
    // What bfloat16 buys each side over its own float32.
    oursBf16OverF32: ratio('ours bfloat16', 'ours float32'),
    pytorchBf16OverF32: ratio('pytorch bfloat16', 'pytorch float32'),
    rounds,
  });
}

const report = {
  bench: 'training-bf16',
  date: startedAt,
  finished: new Date().toISOString(),
  reliable: results.every((r) => r.reliable),
  settings: { rounds: ROUNDS, maxLoad: MAX_LOAD, maxWaitS: MAX_WAIT_S, threads: THREADS },
  windows: WINDOWS,
  machine: {
    cpu: cpu.model,
    flags: cpu.flags,
    cores: availableParallelism(),
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: loadNow(),
  },
  model: { name: 'resnet', blocksPerStage: [1, 1, 1, 1], width: 32, channels: 4, batch: 16 },
  results,
};
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'training-bf16.json'), JSON.stringify(report, null, 2) + '\n');
for (const r of results) {
  const f = (s: { median: number; min: number; max: number }) =>
    `${s.median.toFixed(2)}x (${s.min.toFixed(2)}-${s.max.toFixed(2)})`;
  say(
    `${r.size} px: ours bfloat16 / PyTorch bfloat16 autocast ${f(r.bf16Ratio)}; ` +
      `bfloat16 over float32: ours ${f(r.oursBf16OverF32)}, PyTorch ${f(r.pytorchBf16OverF32)}; ` +
      `img/s ${JSON.stringify(r.imagesPerSecond)}; reliable: ${r.reliable}`,
  );
}
say(`wrote bench/results/training-bf16.json (reliable: ${report.reliable})`);
process.exit(0);
