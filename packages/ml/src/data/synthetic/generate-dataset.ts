// Writes a synthetic data set in the Kaggle layout (train.csv + train/{Id}_{channel}.png) so
// that everything downstream runs the same code path as on the real data.
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { formatTrainCsv, parseTrainCsv, type LabeledRow } from '../label-csv.ts';
import { createRng, shuffleInPlace } from '../random.ts';
import { createLabelSampler } from './label-sampler.ts';
import { createWorkerPool } from '../workers/worker-pool.ts';
import { renderSample, type SamplePlanes } from './render-sample.ts';
import { renderAndWrite, type SampleJob } from './sample-writer.ts';

export interface GenerateSyntheticOptions {
  outDir: string;
  count: number;
  /** Image side in px (Kaggle: 512). */
  size: number;
  seed: number | string;
  /** 1 = real HPA label frequencies, 0 = as balanced as co-occurrence allows. */
  rarity?: number;
  /**
   * A `train.csv`-style file (Id,Target) whose label sets the samples take instead of drawn ones
   * (e.g. the real Kaggle labels): every row once when `count` is its row count, else a subset
   * of `count` rows chosen by the seed, in file order. `rarity` does not apply then.
   */
  labelsFile?: string;
  onProgress?: (done: number, total: number) => void;
  /** Worker threads rendering in parallel (0 = this thread); default: all cores from 4 up. */
  workers?: number;
  /** PNG zlib level 0..9 (default 1: fast; the Kaggle files use 6). */
  pngCompression?: number;
}

export interface SyntheticDataset {
  dir: string;
  csvFile: string;
  imageDir: string;
  rows: LabeledRow[];
  /** Worker threads that rendered the samples (0: the calling thread). */
  workers: number;
}

/** Kaggle-looking id, derived from seed and index so reruns give the same file names. */
export function syntheticId(seed: number | string, index: number): string {
  const h = createHash('sha256')
    .update(`hpa-synthetic|${String(seed)}|${index}`)
    .digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-11e8-${h.slice(12, 16)}-${h.slice(16, 28)}`;
}

// Fitting a flattened sampler takes a few ms: keep one per rarity for syntheticSample callers.
const samplers = new Map<number, ReturnType<typeof createLabelSampler>>();
function samplerFor(rarity: number) {
  let sampler = samplers.get(rarity);
  if (!sampler) samplers.set(rarity, (sampler = createLabelSampler({ rarity })));
  return sampler;
}

/** Labels and pixels of sample `index`, independent of how many samples come before it. */
export function syntheticSample(
  seed: number | string,
  index: number,
  size: number,
  rarity = 1,
): { id: string; labels: number[]; planes: SamplePlanes } {
  const labels = samplerFor(rarity).sample(createRng(`${String(seed)}|labels|${index}`));
  const planes = renderSample(createRng(`${String(seed)}|pixels|${index}`), size, labels);
  return { id: syntheticId(seed, index), labels, planes };
}

export async function generateSyntheticDataset(
  options: GenerateSyntheticOptions,
): Promise<SyntheticDataset> {
  const { count, size, seed } = options;
  const rarity = options.rarity ?? 1;
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`count must be a positive integer, got ${count}`);
  if (!Number.isInteger(size) || size < 32 || size > 2048) {
    throw new Error(`size must be an integer in 32..2048, got ${size}`);
  }
  const fromFile = options.labelsFile
    ? await labelSetsFromFile(options.labelsFile, count, seed)
    : null;
  const dir = resolve(options.outDir);
  const imageDir = join(dir, 'train');
  await mkdir(imageDir, { recursive: true });
  const sampler = samplerFor(rarity);
  const labelsOf = (i: number) =>
    fromFile ? fromFile.sets[i]!.slice() : sampler.sample(createRng(`${String(seed)}|labels|${i}`));
  const rows: LabeledRow[] = [];
  // On 2 cores the calling thread (render) + sharp's pool (encode) already keep both busy and
  // workers only add messaging (bench/data-synthetic.bench.ts); from 4 cores up they should pay
  // off (not measured on the team's 2-core machines).
  const cores = availableParallelism();
  const workers = options.workers ?? (cores >= 4 ? cores : 0);
  const pool =
    workers > 0
      ? await createWorkerPool<SampleJob, number>(
          new URL('./render-worker.ts', import.meta.url),
          workers,
        )
      : null;
  // Without a pool, rendering is JS on this thread while sharp encodes on its own threads.
  const run = pool
    ? (job: SampleJob) =>
        pool.run(job).then(
          () => undefined,
          (error: unknown) => {
            throw new Error(`sample ${job.index}: ${(error as Error).message}`, { cause: error });
          },
        )
    : renderAndWrite;
  const inFlight = pool ? 2 * workers : 4;
  const pending = new Set<Promise<void>>();
  let done = 0;
  let failure: unknown = null;
  try {
    for (let i = 0; i < count && failure === null; i += 1) {
      const labels = labelsOf(i);
      const id = syntheticId(seed, i);
      rows.push({ id, labels });
      const job = run({
        seed,
        index: i,
        id,
        labels,
        size,
        imageDir,
        compression: options.pngCompression ?? 1,
      }).then(
        () => {
          done += 1;
          options.onProgress?.(done, count);
        },
        (error: unknown) => {
          failure ??= error;
        },
      );
      pending.add(job);
      void job.finally(() => pending.delete(job));
      if (pending.size >= inFlight) await Promise.race(pending);
    }
    await Promise.all(pending);
  } finally {
    await pool?.close();
  }
  if (failure !== null) throw failure;
  const csvFile = join(dir, 'train.csv');
  await writeFile(csvFile, formatTrainCsv(rows));
  await writeFile(
    join(dir, 'synthetic.json'),
    JSON.stringify(
      {
        generator: 'hpa-lab synthetic v1',
        count,
        size,
        seed,
        ...(fromFile
          ? { labelsFile: resolve(options.labelsFile!), labelsSha256: fromFile.sha256 }
          : { rarity }),
      },
      null,
      2,
    ) + '\n',
  );
  return { dir, csvFile, imageDir, rows, workers: pool ? workers : 0 };
}

/**
 * The label sets of a train.csv-style file: all rows in file order when `count` is the row
 * count, otherwise `count` rows chosen by the seed (kept in file order). A bad file is a
 * DatasetError naming the file and line; a count above the rows is an error naming both.
 */
export async function labelSetsFromFile(
  file: string,
  count: number,
  seed: number | string,
): Promise<{ sets: number[][]; sha256: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`labelsFile ${file}: ${(error as Error).message}`, { cause: error });
  }
  const rows = parseTrainCsv(text, file);
  if (count > rows.length) {
    throw new Error(`count ${count} is more than the ${rows.length} rows of labelsFile ${file}`);
  }
  let chosen = rows.map((_, i) => i);
  if (count < rows.length) {
    chosen = shuffleInPlace(chosen, createRng(`${String(seed)}|label-rows`))
      .slice(0, count)
      .sort((a, b) => a - b);
  }
  return {
    sets: chosen.map((i) => rows[i]!.labels),
    sha256: createHash('sha256').update(text).digest('hex'),
  };
}
