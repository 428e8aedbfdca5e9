// Cache build rate (samples/s, 4 PNGs a sample) on synthetic 512 px data, 512 -> 256 and
// 512 -> 128, against sharp's and png-gray8.ts's single-core decode rates measured in the same
// run; then, at the
// real data's size, buildCache against a Python peer doing the same work with PIL and a process
// pool (pil_cache_bench.py), in load-gated turns, and what the 31,072-sample Kaggle set would
// take at our rate.
//
//   npm run bench -- data-cache        (results: bench/results/data-cache.json)
//   BENCH_PEER_SAMPLES=2000 BENCH_PEER_ROUNDS=3 BENCH_MAX_LOAD=1 BENCH_MAX_WAIT_S=300
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { format } from 'prettier';
import {
  loadNow,
  median,
  perRoundRatios,
  roundOrder,
  spread,
  waitForQuiet,
} from '@hpa-lab/bench-kit';
import sharp from 'sharp';
import { buildCache } from '../src/data/build-cache.ts';
import { decodePngGray8 } from '../src/data/png-gray8.ts';
import { ALL_CHANNELS } from '../src/data/classes.ts';
import { readKaggleDataset, type KaggleDataset } from '../src/data/kaggle-dataset.ts';
import { generateSyntheticDataset } from '../src/data/synthetic/generate-dataset.ts';

const here = dirname(fileURLToPath(import.meta.url));
// `tsx bench/data-cache.bench.ts 300` for more samples; the runner uses the default.
const COUNT = Number(process.argv[2] ?? 150);
const dataDir = join(tmpdir(), `hpa-bench-synthetic-512-z6-${COUNT}`);
const cacheDir = join(tmpdir(), 'hpa-bench-cache');

if (!existsSync(join(dataDir, 'train.csv'))) {
  console.log(`generating ${COUNT} synthetic 512 px samples in ${dataDir} (not timed)...`);
  await generateSyntheticDataset({
    outDir: dataDir,
    count: COUNT,
    size: 512,
    seed: 'bench',
    rarity: 1,
  });
}
const loadAtStart = loadavg();
const dataset = await readKaggleDataset({ dir: dataDir });
const files = dataset.samples.flatMap((s) => ALL_CHANNELS.map((c) => s.files[c]));

/** One decode at a time with one libvips thread: the single-core reference. */
async function singleCoreDecodesPerSecond(size: number | null, list = files): Promise<number> {
  const previous = sharp.concurrency();
  sharp.concurrency(1);
  const started = performance.now();
  for (const file of list) {
    let pipeline = sharp(file);
    if (size) pipeline = pipeline.resize(size, size, { fit: 'fill' });
    await pipeline.toColourspace('b-w').raw().toBuffer();
  }
  sharp.concurrency(previous);
  return list.length / ((performance.now() - started) / 1000);
}

/** PNGs/s of png-gray8.ts's decoder (buildCache's fast path) on this thread, files in memory. */
function fastDecodesPerSecond(list = files): number {
  const bytes = list.map((file) => readFileSync(file));
  const started = performance.now();
  for (const png of bytes) {
    if (!decodePngGray8(png)) throw new Error('png-gray8 declined a synthetic PNG');
  }
  return bytes.length / ((performance.now() - started) / 1000);
}

/** Decode workers of the last cacheBuildRate call (buildCache's result). */
let lastDecodeWorkers = 0;

/** Samples/s of a fresh cache build; `concurrency` undefined is buildCache's own default. */
async function cacheBuildRate(
  size: number,
  concurrency: number | undefined,
  of: KaggleDataset = dataset,
): Promise<number> {
  rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  const started = performance.now();
  const built = await buildCache({
    dataset: of,
    size,
    channels: ALL_CHANNELS,
    cacheDir,
    concurrency,
    force: true,
  });
  lastDecodeWorkers = built.decodeWorkers;
  return of.samples.length / ((performance.now() - started) / 1000);
}

// Warm-up: file cache and libvips initialisation should not count against the first row.
await singleCoreDecodesPerSecond(128);

// Each rate is the median of REPEATS runs: the machine is shared, single runs swing by 30%.
const REPEATS = 3;
async function medianOfRepeats(measure: () => Promise<number>): Promise<number> {
  const rates: number[] = [];
  for (let i = 0; i < REPEATS; i += 1) rates.push(await measure());
  return median(rates);
}

const cores = availableParallelism();
const results: Record<string, number> = {};
results['sharp single-core decode 512 px (PNG/s)'] = await medianOfRepeats(() =>
  singleCoreDecodesPerSecond(null),
);
results['png-gray8 single-core decode 512 px (PNG/s)'] = await medianOfRepeats(async () =>
  fastDecodesPerSecond(),
);
results['sharp single-core decode+resize 512->256 (PNG/s)'] = await medianOfRepeats(() =>
  singleCoreDecodesPerSecond(256),
);
results['sharp single-core decode+resize 512->128 (PNG/s)'] = await medianOfRepeats(() =>
  singleCoreDecodesPerSecond(128),
);
// The same reference on the real 512 px HPA PNGs, when ../shared is there (never needed).
const realDir = join(here, '../../../../shared/data/hpa-sample/train');
if (existsSync(realDir)) {
  const realFiles = readdirSync(realDir).map((f) => join(realDir, f));
  const realList = Array.from({ length: 10 }, () => realFiles).flat();
  results['sharp single-core decode, real HPA 512 px PNGs (PNG/s)'] = await medianOfRepeats(() =>
    singleCoreDecodesPerSecond(null, realList),
  );
  results['png-gray8 single-core decode, real HPA 512 px PNGs (PNG/s)'] = await medianOfRepeats(
    async () => fastDecodesPerSecond(realList),
  );
}
for (const size of [256, 128]) {
  // 4 x cores is buildCache's default with its decode workers (build-cache.ts).
  for (const inFlight of [1, 2 * cores, 4 * cores]) {
    const key = `cache build 512->${size}, ${inFlight} sample${inFlight > 1 ? 's' : ''} in flight (samples/s)`;
    results[key] = await medianOfRepeats(() => cacheBuildRate(size, inFlight));
  }
}
rmSync(cacheDir, { recursive: true, force: true });

// The real data's size against a Python peer: the same 512 px PNGs to a 256 px uint8 cache.
const PEER_SAMPLES = Number(process.env.BENCH_PEER_SAMPLES ?? 2000);
const PEER_ROUNDS = Number(process.env.BENCH_PEER_ROUNDS ?? 3);
const KAGGLE_TRAIN_SAMPLES = 31_072;
const peerDir = join(tmpdir(), `hpa-bench-synthetic-512-z6-${PEER_SAMPLES}`);
if (!existsSync(join(peerDir, 'train.csv'))) {
  console.log(`generating ${PEER_SAMPLES} synthetic 512 px samples in ${peerDir} (not timed)...`);
  await generateSyntheticDataset({
    outDir: peerDir,
    count: PEER_SAMPLES,
    size: 512,
    seed: 'bench',
    rarity: 1,
  });
}
const peerDataset = await readKaggleDataset({ dir: peerDir });
const peerOut = join(tmpdir(), 'hpa-bench-pil-cache.u8');

function pilPeer(): { samplesPerSecond: number; peer: string } {
  rmSync(peerOut, { force: true });
  const run = spawnSync(
    '/usr/bin/python3',
    [
      join(here, 'pil_cache_bench.py'),
      ...['--data', peerDir, '--out', peerOut, '--size', '256', '--workers', String(cores)],
    ],
    { encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`pil_cache_bench.py failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!);
}

const peerRounds = [];
for (let round = 0; round < PEER_ROUNDS; round++) {
  const gate = await waitForQuiet(
    Number(process.env.BENCH_MAX_LOAD ?? 1),
    Number(process.env.BENCH_MAX_WAIT_S ?? 300),
    5,
    console.log,
  );
  const record = { round, reliable: gate.reliable, loadBefore: gate.loadBefore } as {
    round: number;
    reliable: boolean;
    loadBefore: number[];
    loadAfter?: number[];
    ours?: number;
    oursDecodeWorkers?: number;
    peer?: number;
    peerName?: string;
  };
  for (const side of roundOrder(['ours', 'peer'] as const, round)) {
    // buildCache's default (2 samples in flight per core), as a user's build runs.
    if (side === 'ours') {
      record.ours = await cacheBuildRate(256, undefined, peerDataset);
      record.oursDecodeWorkers = lastDecodeWorkers;
    } else {
      const peer = pilPeer();
      record.peer = peer.samplesPerSecond;
      record.peerName = peer.peer;
    }
  }
  record.loadAfter = loadNow();
  console.log(`512->256 vs PIL, round ${round + 1}/${PEER_ROUNDS}: ${JSON.stringify(record)}`);
  peerRounds.push(record);
}
rmSync(cacheDir, { recursive: true, force: true });
rmSync(peerOut, { force: true });
const oursRates = peerRounds.map((r) => r.ours!);
const againstPil = {
  samples: PEER_SAMPLES,
  size: '512 -> 256',
  peer: peerRounds[0]?.peerName,
  workers: cores,
  reliable: peerRounds.every((r) => r.reliable),
  oursSamplesPerSecond: median(oursRates),
  peerSamplesPerSecond: median(peerRounds.map((r) => r.peer!)),
  ratio: spread(
    perRoundRatios(
      oursRates,
      peerRounds.map((r) => r.peer!),
    ),
  ),
  fullKaggleTrainMinutes: KAGGLE_TRAIN_SAMPLES / median(oursRates) / 60,
  rounds: peerRounds,
};

const reference = results['sharp single-core decode+resize 512->256 (PNG/s)'] as number;
const best256 = results[
  `cache build 512->256, ${4 * cores} samples in flight (samples/s)`
] as number;
const summary = {
  bench: 'data-cache',
  date: new Date().toISOString(),
  machine: { cores, cpu: cpus()[0]?.model, node: process.version, sharp: sharp.versions.sharp },
  // Other jobs on a shared machine skew rates: the load average says how busy it was.
  loadAverage: { start: loadAtStart, end: loadavg() },
  samples: dataset.samples.length,
  repeats: REPEATS,
  pngsPerSample: 4,
  results,
  // A sample is 4 PNGs, so sharp's per-file path tops out at a quarter of its decode+resize rate
  // per core. buildCache decodes with png-gray8.ts and resizes three channels as one image, so it
  // passes this ceiling.
  ceilingSamplesPerSecond256: (reference / 4) * cores,
  efficiency256: best256 / ((reference / 4) * cores),
  againstPil,
};
const outDir = join(here, 'results');
mkdirSync(outDir, { recursive: true });
// Formatted like the repository's other JSON so `prettier --check .` stays clean.
writeFileSync(
  join(outDir, 'data-cache.json'),
  await format(JSON.stringify(summary), { parser: 'json' }),
);
for (const [key, value] of Object.entries(results))
  console.log(`${key.padEnd(56)} ${value.toFixed(1)}`);
console.log(
  `512->256, ${PEER_SAMPLES} samples: ours ${againstPil.oursSamplesPerSecond.toFixed(1)} samples/s, ` +
    `PIL peer ${againstPil.peerSamplesPerSecond.toFixed(1)}, ratio ${againstPil.ratio.median.toFixed(2)} ` +
    `(${againstPil.ratio.min.toFixed(2)}-${againstPil.ratio.max.toFixed(2)}); the Kaggle train set ` +
    `would take ${againstPil.fullKaggleTrainMinutes.toFixed(0)} min (reliable: ${againstPil.reliable})`,
);
console.log(
  `efficiency vs ${cores} x (single-core rate / 4) at 256 px: ${(summary.efficiency256 * 100).toFixed(0)}%`,
);
