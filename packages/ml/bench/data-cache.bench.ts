// Cache build rate (samples/s, 4 PNGs a sample) on synthetic 512 px data, 512 -> 256 and
// 512 -> 128, against sharp's single-core decode rate measured in the same run.
//
//   npm run bench -- data-cache        (results: bench/results/data-cache.json)
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'prettier';
import sharp from 'sharp';
import { buildCache } from '../src/data/build-cache.ts';
import { ALL_CHANNELS } from '../src/data/classes.ts';
import { readKaggleDataset } from '../src/data/kaggle-dataset.ts';
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

async function cacheBuildRate(size: number, concurrency: number): Promise<number> {
  rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  const started = performance.now();
  await buildCache({ dataset, size, channels: ALL_CHANNELS, cacheDir, concurrency, force: true });
  return dataset.samples.length / ((performance.now() - started) / 1000);
}

// Warm-up: file cache and libvips initialisation should not count against the first row.
await singleCoreDecodesPerSecond(128);

// Each rate is the median of REPEATS runs: the machine is shared, single runs swing by 30%.
const REPEATS = 3;
async function median(measure: () => Promise<number>): Promise<number> {
  const rates: number[] = [];
  for (let i = 0; i < REPEATS; i += 1) rates.push(await measure());
  return rates.sort((a, b) => a - b)[Math.floor(REPEATS / 2)] as number;
}

const cores = availableParallelism();
const results: Record<string, number> = {};
results['sharp single-core decode 512 px (PNG/s)'] = await median(() =>
  singleCoreDecodesPerSecond(null),
);
results['sharp single-core decode+resize 512->256 (PNG/s)'] = await median(() =>
  singleCoreDecodesPerSecond(256),
);
results['sharp single-core decode+resize 512->128 (PNG/s)'] = await median(() =>
  singleCoreDecodesPerSecond(128),
);
// The same reference on the real 512 px HPA PNGs, when ../shared is there (never needed).
const realDir = join(here, '../../../../shared/data/hpa-sample/train');
if (existsSync(realDir)) {
  const realFiles = readdirSync(realDir).map((f) => join(realDir, f));
  results['sharp single-core decode, real HPA 512 px PNGs (PNG/s)'] = await median(() =>
    singleCoreDecodesPerSecond(null, Array.from({ length: 10 }, () => realFiles).flat()),
  );
}
for (const size of [256, 128]) {
  const oneKey = `cache build 512->${size}, 1 sample in flight (samples/s)`;
  results[oneKey] = await median(() => cacheBuildRate(size, 1));
  const allKey = `cache build 512->${size}, ${cores} samples in flight (samples/s)`;
  results[allKey] = await median(() => cacheBuildRate(size, cores));
}
rmSync(cacheDir, { recursive: true, force: true });

const reference = results['sharp single-core decode+resize 512->256 (PNG/s)'] as number;
const best256 = results[`cache build 512->256, ${cores} samples in flight (samples/s)`] as number;
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
  // A sample is 4 PNGs, so one core's ceiling is a quarter of its decode rate.
  ceilingSamplesPerSecond256: (reference / 4) * cores,
  efficiency256: best256 / ((reference / 4) * cores),
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
  `efficiency vs ${cores} x (single-core rate / 4) at 256 px: ${(summary.efficiency256 * 100).toFixed(0)}%`,
);
