// Writes a synthetic data set in the Kaggle layout (train.csv + train/{Id}_{channel}.png) so
// that everything downstream runs the same code path as on the real data.
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { ALL_CHANNELS } from '../classes.ts';
import { formatTrainCsv, type LabeledRow } from '../label-csv.ts';
import { createRng } from '../random.ts';
import { createLabelSampler } from './label-sampler.ts';
import { renderSample, type SamplePlanes } from './render-sample.ts';

export interface GenerateSyntheticOptions {
  outDir: string;
  count: number;
  /** Image side in px (Kaggle: 512). */
  size: number;
  seed: number | string;
  /** 1 = real HPA label frequencies, 0 = as balanced as co-occurrence allows. */
  rarity?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SyntheticDataset {
  dir: string;
  csvFile: string;
  imageDir: string;
  rows: LabeledRow[];
}

/** Kaggle-looking id, derived from seed and index so reruns give the same file names. */
export function syntheticId(seed: number | string, index: number): string {
  const h = createHash('sha256')
    .update(`hpa-synthetic|${String(seed)}|${index}`)
    .digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-11e8-${h.slice(12, 16)}-${h.slice(16, 28)}`;
}

/** Labels and pixels of sample `index`, independent of how many samples come before it. */
export function syntheticSample(
  seed: number | string,
  index: number,
  size: number,
  rarity = 1,
): { id: string; labels: number[]; planes: SamplePlanes } {
  const labels = createLabelSampler({ rarity }).sample(
    createRng(`${String(seed)}|labels|${index}`),
  );
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
  const dir = resolve(options.outDir);
  const imageDir = join(dir, 'train');
  await mkdir(imageDir, { recursive: true });
  const sampler = createLabelSampler({ rarity });
  const rows: LabeledRow[] = [];
  const pending = new Set<Promise<void>>();
  let done = 0;
  for (let i = 0; i < count; i += 1) {
    const labels = sampler.sample(createRng(`${String(seed)}|labels|${i}`));
    const id = syntheticId(seed, i);
    rows.push({ id, labels });
    // Rendering is JS on this thread; PNG encoding runs on sharp's pool meanwhile.
    const planes = renderSample(createRng(`${String(seed)}|pixels|${i}`), size, labels);
    const job = Promise.all(
      ALL_CHANNELS.map((channel) =>
        sharp(planes[channel], { raw: { width: size, height: size, channels: 1 } })
          .png({ compressionLevel: 4 })
          .toFile(join(imageDir, `${id}_${channel}.png`)),
      ),
    ).then(() => {
      done += 1;
      options.onProgress?.(done, count);
    });
    pending.add(job);
    void job.finally(() => pending.delete(job)).catch(() => undefined);
    if (pending.size >= 8) await Promise.race(pending);
  }
  await Promise.all(pending);
  const csvFile = join(dir, 'train.csv');
  await writeFile(csvFile, formatTrainCsv(rows));
  await writeFile(
    join(dir, 'synthetic.json'),
    JSON.stringify({ generator: 'hpa-lab synthetic v1', count, size, seed, rarity }, null, 2) +
      '\n',
  );
  return { dir, csvFile, imageDir, rows };
}
