// The real loading path on the real HPA samples in ../shared/data/hpa-sample.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCache } from './build-cache.ts';
import { ALL_CHANNELS, NUM_CLASSES } from './classes.ts';
import { readKaggleDataset, readKaggleTestSet } from './kaggle-dataset.ts';
import { openCache } from './open-cache.ts';
import {
  FULLRES_ID,
  REAL_SAMPLE_DIR,
  realIds,
  sharedDataTestsRun,
  tempDir,
} from './test-fixtures.ts';

const tmp = tempDir('load');
afterAll(() => tmp.cleanup());

function correlation(a: Uint8Array, b: Uint8Array): number {
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < a.length; i += 1) {
    ma += a[i] as number;
    mb += b[i] as number;
  }
  ma /= a.length;
  mb /= b.length;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i += 1) {
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}

function channelOf(hwc: Uint8Array, channel: number, depth: number): Uint8Array {
  return hwc.filter((_, i) => i % depth === channel);
}

describe.skipIf(!sharedDataTestsRun())('readKaggleDataset + buildCache on the real samples', () => {
  it('reads train.csv and the train/ folder', async () => {
    const dataset = await readKaggleDataset({ dir: REAL_SAMPLE_DIR });
    expect(dataset.samples.map((s) => s.id)).toEqual(realIds());
    expect(dataset.samples[0]?.labels).toEqual([0, 1, 2, 7]);
    expect(dataset.samples[3]?.labels).toEqual([16, 17]);
    expect(dataset.imageDir).toBe(join(REAL_SAMPLE_DIR, 'train'));
  });

  it('caches all four channels at 128 px, NHWC, equal to a direct sharp decode', async () => {
    const dataset = await readKaggleDataset({ dir: REAL_SAMPLE_DIR });
    const { indexPath, rebuilt } = await buildCache({
      dataset,
      size: 128,
      channels: ALL_CHANNELS,
      cacheDir: join(tmp.dir, 'cache'),
    });
    expect(rebuilt).toBe(true);
    const cache = openCache(indexPath);
    expect(cache.count).toBe(5);
    expect(cache.labels.length).toBe(5 * NUM_CLASSES);
    expect([...cache.labels.subarray(0, NUM_CLASSES)].flatMap((v, c) => (v ? [c] : []))).toEqual([
      0, 1, 2, 7,
    ]);
    const batch = cache.readBatch([2, 0]);
    expect(batch.length).toBe(2 * 128 * 128 * 4);
    const green = await sharp(join(REAL_SAMPLE_DIR, 'train', `${realIds()[2]}_green.png`))
      .resize(128, 128, { fit: 'fill' })
      .toColourspace('b-w')
      .raw()
      .toBuffer();
    const cachedGreen = channelOf(batch.subarray(0, 128 * 128 * 4), 1, 4);
    expect(Buffer.from(cachedGreen).equals(green)).toBe(true);
    // Real fluorescence: mostly dark with bright structures.
    expect(cachedGreen.reduce((a, b) => Math.max(a, b), 0)).toBeGreaterThan(60);
    cache.close();
  });

  it('supports channel subsets (green alone)', async () => {
    const dataset = await readKaggleDataset({ dir: REAL_SAMPLE_DIR });
    const all = openCache(
      (
        await buildCache({
          dataset,
          size: 64,
          channels: ALL_CHANNELS,
          cacheDir: join(tmp.dir, 'c2'),
        })
      ).indexPath,
    );
    const green = openCache(
      (await buildCache({ dataset, size: 64, channels: ['green'], cacheDir: join(tmp.dir, 'c2') }))
        .indexPath,
    );
    expect(green.sampleBytes).toBe(64 * 64);
    expect(
      Buffer.from(green.readBatch([1])).equals(Buffer.from(channelOf(all.readBatch([1]), 1, 4))),
    ).toBe(true);
    all.close();
    green.close();
  });

  it('resizes the 3072 px full-resolution sample to the same picture as its 512 px copy', async () => {
    const dir = join(tmp.dir, 'fullres');
    mkdirSync(join(dir, 'train'), { recursive: true });
    writeFileSync(join(dir, 'train.csv'), `Id,Target\n${FULLRES_ID},21\n`);
    for (const c of ALL_CHANNELS) {
      copyFileSync(
        join(REAL_SAMPLE_DIR, 'fullres', `${FULLRES_ID}_${c}.png`),
        join(dir, 'train', `${FULLRES_ID}_${c}.png`),
      );
    }
    const meta = await sharp(join(dir, 'train', `${FULLRES_ID}_green.png`)).metadata();
    expect(meta.width).toBe(3072);
    const full = openCache(
      (
        await buildCache({
          dataset: await readKaggleDataset({ dir }),
          size: 128,
          channels: ALL_CHANNELS,
          cacheDir: join(tmp.dir, 'c3'),
        })
      ).indexPath,
    );
    const small = openCache(
      (
        await buildCache({
          dataset: await readKaggleDataset({ dir: REAL_SAMPLE_DIR }),
          size: 128,
          channels: ALL_CHANNELS,
          cacheDir: join(tmp.dir, 'c3'),
        })
      ).indexPath,
    );
    const fromFull = full.readBatch([0]);
    const fromSmall = small.readBatch([small.ids.indexOf(FULLRES_ID)]);
    for (let c = 0; c < 4; c += 1) {
      expect(correlation(channelOf(fromFull, c, 4), channelOf(fromSmall, c, 4))).toBeGreaterThan(
        0.9,
      );
    }
    full.close();
    small.close();
  });
});

describe.skipIf(!sharedDataTestsRun())('readKaggleTestSet', () => {
  function makeTestFolder(name: string, ids: string[]): string {
    const dir = join(tmp.dir, name);
    mkdirSync(join(dir, 'test'), { recursive: true });
    for (const id of ids) {
      for (const c of ALL_CHANNELS)
        copyFileSync(
          join(REAL_SAMPLE_DIR, 'train', `${id}_${c}.png`),
          join(dir, 'test', `${id}_${c}.png`),
        );
    }
    return dir;
  }

  it('follows sample_submission.csv order and caches without labels', async () => {
    const ids = realIds().slice(0, 3).reverse();
    const dir = makeTestFolder('test-ordered', ids);
    writeFileSync(
      join(dir, 'sample_submission.csv'),
      `Id,Predicted\n${ids.map((id) => `${id},0`).join('\n')}\n`,
    );
    const dataset = await readKaggleTestSet({ dir });
    expect(dataset.labeled).toBe(false);
    expect(dataset.samples.map((s) => s.id)).toEqual(ids);
    const cache = openCache(
      (await buildCache({ dataset, size: 32, channels: ['green'], cacheDir: join(dir, 'cache') }))
        .indexPath,
    );
    expect(cache.labeled).toBe(false);
    expect(cache.labels.every((v) => v === 0)).toBe(true);
    cache.close();
  });

  it('without a submission file, lists the ids found in the folder, sorted', async () => {
    const ids = realIds().slice(1, 4);
    const dataset = await readKaggleTestSet({
      dir: makeTestFolder('test-scan', [...ids].reverse()),
    });
    expect(dataset.samples.map((s) => s.id)).toEqual([...ids].sort());
  });
});
