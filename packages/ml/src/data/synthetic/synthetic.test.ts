// The synthetic generator: determinism, label statistics against the real file, the Kaggle
// layout on disk, and that the green patterns sit in the right compartments.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCache } from '../build-cache.ts';
import { NUM_CLASSES } from '../classes.ts';
import { readKaggleDataset } from '../kaggle-dataset.ts';
import { classCounts } from '../label-matrix.ts';
import { openCache } from '../open-cache.ts';
import { createRng } from '../random.ts';
import { realLabelRows, sharedDataTestsRun, tempDir } from '../test-fixtures.ts';
import { generateSyntheticDataset } from './generate-dataset.ts';
import { createLabelSampler, HPA_LABEL_STATISTICS } from './label-sampler.ts';
import { renderSample } from './render-sample.ts';

const tmp = tempDir('synthetic');
afterAll(() => tmp.cleanup());

const realRows = realLabelRows();
const realLists = realRows.map((r) => r.labels);
const realCounts = classCounts(realLists);

function cooccurrence(lists: readonly (readonly number[])[]): number[][] {
  const m = Array.from({ length: NUM_CLASSES }, () => new Array<number>(NUM_CLASSES).fill(0));
  for (const labels of lists)
    for (const i of labels)
      for (const j of labels) (m[i] as number[])[j] = ((m[i] as number[])[j] as number) + 1;
  return m;
}

describe.skipIf(!sharedDataTestsRun())('label statistics', () => {
  it('the shipped table matches the real label file exactly', () => {
    expect(HPA_LABEL_STATISTICS.total).toBe(realRows.length);
    expect(HPA_LABEL_STATISTICS.classCounts).toEqual(realCounts);
  });

  it('sampled label sets follow the real class frequencies and co-occurrence', () => {
    const sampler = createLabelSampler();
    const rng = createRng('stats');
    const n = 30000;
    const lists = Array.from({ length: n }, () => sampler.sample(rng));
    const counts = classCounts(lists);
    for (let c = 0; c < NUM_CLASSES; c += 1) {
      const p = (realCounts[c] as number) / realRows.length;
      const tolerance = 4 * Math.sqrt((p * (1 - p)) / n) + 1e-4;
      expect(Math.abs((counts[c] as number) / n - p), `class ${c}`).toBeLessThan(tolerance);
    }
    // Conditional co-occurrence P(j | i) for every pair seen at least 150 times in the real file.
    const real = cooccurrence(realLists);
    const synth = cooccurrence(lists);
    let pairs = 0;
    for (let i = 0; i < NUM_CLASSES; i += 1) {
      for (let j = 0; j < NUM_CLASSES; j += 1) {
        const together = (real[i] as number[])[j] as number;
        if (i === j || together < 150) continue;
        pairs += 1;
        const realRate = together / (realCounts[i] as number);
        const synthRate = ((synth[i] as number[])[j] as number) / Math.max(1, counts[i] as number);
        expect(Math.abs(synthRate - realRate), `P(${j} | ${i})`).toBeLessThan(0.06);
      }
    }
    expect(pairs).toBeGreaterThan(20);
    const labelsPerSample = (ls: (readonly number[])[]) =>
      ls.reduce((a, l) => a + l.length, 0) / ls.length;
    expect(labelsPerSample(lists)).toBeCloseTo(labelsPerSample(realLists), 1);
  });

  it('rarity 0 flattens the distribution; rarity 0.5 sits in between', () => {
    const flat = createLabelSampler({ rarity: 0 }).expectedClassShare;
    const half = createLabelSampler({ rarity: 0.5 }).expectedClassShare;
    const real = createLabelSampler({ rarity: 1 }).expectedClassShare;
    // Classes 0 and 25 co-occur with nearly everything, so only the others can be flat.
    const others = flat.filter((_, c) => c !== 0 && c !== 25);
    expect(Math.max(...others) / Math.min(...others)).toBeLessThan(1.6);
    expect(
      (half[27] as number) > (real[27] as number) && (half[27] as number) < (flat[27] as number),
    ).toBe(true);
    expect(() => createLabelSampler({ rarity: 2 })).toThrow(/rarity/);
  });
});

describe('generateSyntheticDataset', () => {
  const options = { count: 6, size: 64, seed: 11, rarity: 0.3 };

  it('writes the Kaggle layout, deterministic by seed, readable by the real loading path', async () => {
    const a = await generateSyntheticDataset({
      ...options,
      outDir: join(tmp.dir, 'a'),
      workers: 2,
    });
    const b = await generateSyntheticDataset({
      ...options,
      outDir: join(tmp.dir, 'b'),
      workers: 0,
    });
    // Worker threads and the calling thread must produce the same bytes.
    expect(a.workers).toBe(2);
    expect(b.workers).toBe(0);
    const c = await generateSyntheticDataset({ ...options, seed: 12, outDir: join(tmp.dir, 'c') });
    expect(readFileSync(a.csvFile, 'utf8')).toBe(readFileSync(b.csvFile, 'utf8'));
    expect(readFileSync(a.csvFile, 'utf8')).not.toBe(readFileSync(c.csvFile, 'utf8'));
    const files = readdirSync(a.imageDir).sort();
    expect(files).toHaveLength(24);
    for (const file of files) {
      expect(
        readFileSync(join(a.imageDir, file)).equals(readFileSync(join(b.imageDir, file))),
        file,
      ).toBe(true);
    }
    const dataset = await readKaggleDataset({ dir: a.dir });
    expect(dataset.samples.map((s) => s.labels)).toEqual(a.rows.map((r) => r.labels));
    const cache = openCache(
      (
        await buildCache({
          dataset,
          size: 32,
          channels: ['green', 'blue'],
          cacheDir: join(tmp.dir, 'cache'),
        })
      ).indexPath,
    );
    expect(cache.count).toBe(6);
    expect(cache.readBatch([5]).some((v) => v > 20)).toBe(true);
    cache.close();
  });
});

describe('green patterns', () => {
  /** Share of the green signal that falls inside nuclei (blue stain bright). */
  function nuclearShare(label: number, seed: number): number {
    const planes = renderSample(createRng(`share|${label}|${seed}`), 128, [label]);
    let inside = 0;
    let total = 0;
    const blueMax = planes.blue.reduce((m, v) => Math.max(m, v), 0);
    for (let p = 0; p < planes.green.length; p += 1) {
      const signal = Math.max(0, (planes.green[p] as number) - 8);
      total += signal;
      if ((planes.blue[p] as number) > blueMax * 0.12) inside += signal;
    }
    return inside / Math.max(total, 1);
  }

  it.each([0, 2, 4])('nuclear class %i puts its green inside the nuclei', (label) => {
    for (const seed of [1, 2, 3]) expect(nuclearShare(label, seed)).toBeGreaterThan(0.6);
  });

  it.each([6, 21, 23, 25])(
    'cytoplasmic/membrane class %i keeps its green outside the nuclei',
    (label) => {
      for (const seed of [1, 2, 3]) expect(nuclearShare(label, seed)).toBeLessThan(0.3);
    },
  );

  it('mean green brightness alone does not tell the classes apart', () => {
    const perClass = 6;
    const mean = (label: number, i: number) => {
      const green = renderSample(createRng(`mean|${label}|${i}`), 64, [label]).green;
      return green.reduce((a, v) => a + v, 0) / green.length;
    };
    const samples = Array.from({ length: NUM_CLASSES }, (_, c) =>
      Array.from({ length: perClass }, (_, i) => mean(c, i)),
    );
    const centroids = samples.map(
      (s) => s.slice(0, perClass / 2).reduce((a, v) => a + v, 0) / (perClass / 2),
    );
    let correct = 0;
    let tried = 0;
    samples.forEach((s, c) => {
      for (const value of s.slice(perClass / 2)) {
        let best = 0;
        centroids.forEach((m, k) => {
          if (Math.abs(m - value) < Math.abs((centroids[best] as number) - value)) best = k;
        });
        if (best === c) correct += 1;
        tried += 1;
      }
    });
    // Chance is 1/28; a brightness-only classifier must stay far below what a CNN needs.
    expect(correct / tried).toBeLessThan(0.35);
  });
});
