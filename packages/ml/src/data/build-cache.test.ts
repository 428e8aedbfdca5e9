// Cache reuse and rebuild on source change, on copies of the real samples.
import { copyFileSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCache } from './build-cache.ts';
import { ALL_CHANNELS } from './classes.ts';
import { DatasetError } from './dataset-error.ts';
import { readKaggleDataset } from './kaggle-dataset.ts';
import { openCache } from './open-cache.ts';
import { prepareCache } from './prepare-cache.ts';
import { copyRealSample, realIds, sharedDataTestsRun, tempDir } from './test-fixtures.ts';

const tmp = tempDir('cache');
afterAll(() => tmp.cleanup());
const [a, b] = realIds() as [string, string];

async function build(dir: string, extra: Partial<Parameters<typeof buildCache>[0]> = {}) {
  const dataset = await readKaggleDataset({ dir });
  return buildCache({
    dataset,
    size: 48,
    channels: ['green', 'blue'],
    cacheDir: join(dir, 'cache'),
    ...extra,
  });
}

describe.skipIf(!sharedDataTestsRun())('buildCache', () => {
  it('reuses a current cache and rebuilds when a source image changes', async () => {
    const dir = copyRealSample(join(tmp.dir, 'stat'));
    const progress: number[] = [];
    const first = await build(dir, { onProgress: (done) => progress.push(done) });
    expect(first.rebuilt).toBe(true);
    expect(progress).toEqual([1, 2, 3, 4, 5]);
    expect((await build(dir)).rebuilt).toBe(false);

    const before = openCache(first.indexPath).readBatch([0]);
    // Replace sample a's green channel by sample b's: new content, size and mtime.
    copyFileSync(join(dir, 'train', `${b}_green.png`), join(dir, 'train', `${a}_green.png`));
    const second = await build(dir);
    expect(second.rebuilt).toBe(true);
    expect(second.indexPath).toBe(first.indexPath);
    const cache = openCache(second.indexPath);
    expect(Buffer.from(cache.readBatch([0])).equals(Buffer.from(before))).toBe(false);
    // Channel 0 (green) of sample 0 now equals sample 1's; blue still differs.
    const green = (x: Uint8Array) => x.filter((_, i) => i % 2 === 0);
    expect(
      Buffer.from(green(cache.readBatch([0]))).equals(Buffer.from(green(cache.readBatch([1])))),
    ).toBe(true);
    cache.close();
  });

  it('rebuilds when the labels change and records a new dataset fingerprint', async () => {
    const dir = copyRealSample(join(tmp.dir, 'labels'));
    const first = await build(dir);
    const csv = join(dir, 'train.csv');
    writeFileSync(csv, readFileSync(csv, 'utf8').replace(`${a},7 1 2 0`, `${a},7 1 2`));
    const second = await build(dir);
    expect(second.rebuilt).toBe(true);
    expect(second.index.datasetFingerprint).not.toBe(first.index.datasetFingerprint);
    expect(openCache(second.indexPath).labels[0]).toBe(0);
  });

  it("content checks catch an edit that keeps size and mtime ('stat' cannot)", async () => {
    const dir = copyRealSample(join(tmp.dir, 'content'));
    await build(dir, { sourceCheck: 'content' });
    const file = join(dir, 'train', `${a}_blue.png`);
    const { atime, mtime } = statSync(file);
    // Uncompressed PNGs of equal dimensions have equal sizes whatever the pixels: an edit that
    // 'stat' cannot see once the mtime is put back.
    const rewrite = async (source: string) => {
      const png = await sharp(join(dir, 'train', source))
        .toColourspace('b-w')
        .png({ compressionLevel: 0 })
        .toBuffer();
      writeFileSync(file, png);
      utimesSync(file, atime, mtime);
      return png.length;
    };
    const content = { sourceCheck: 'content' as const };
    const size1 = await rewrite(`${a}_green.png`);
    expect((await build(dir, content)).rebuilt).toBe(true);
    expect((await build(dir, content)).rebuilt).toBe(false);
    const size2 = await rewrite(`${b}_green.png`);
    expect(size2).toBe(size1);
    expect((await build(dir, content)).rebuilt).toBe(true);
    // The same kind of edit is invisible to the default size + mtime check.
    expect((await build(dir)).rebuilt).toBe(true);
    await rewrite(`${a}_green.png`);
    expect((await build(dir)).rebuilt).toBe(false);
  });

  it('keeps caches for different sizes and channel sets apart', async () => {
    const dir = copyRealSample(join(tmp.dir, 'settings'));
    const small = await build(dir);
    const other = await build(dir, { size: 32, channels: ['green'] });
    expect(other.indexPath).not.toBe(small.indexPath);
    expect(other.index.datasetFingerprint).not.toBe(small.index.datasetFingerprint);
    expect((await build(dir)).rebuilt).toBe(false);
  });

  it('reads batches in any order, merging consecutive indices', async () => {
    const dir = copyRealSample(join(tmp.dir, 'batches'));
    const cache = openCache((await build(dir)).indexPath);
    const all = cache.readBatch([0, 1, 2, 3, 4]);
    const picked = cache.readBatch([3, 1, 2]);
    const n = cache.sampleBytes;
    expect(Buffer.from(picked.subarray(0, n)).equals(Buffer.from(all.subarray(3 * n, 4 * n)))).toBe(
      true,
    );
    expect(Buffer.from(picked.subarray(n, 3 * n)).equals(Buffer.from(all.subarray(n, 3 * n)))).toBe(
      true,
    );
    expect(() => cache.readBatch([5])).toThrow(/outside 0..4/);
    cache.close();
  });

  it('prepareCache reads, builds once and opens in one call', async () => {
    const dir = copyRealSample(join(tmp.dir, 'prepare'));
    const options = { dir, size: 40, channels: ['green'] as const, cacheDir: join(dir, 'cache') };
    const first = await prepareCache(options);
    expect(first.rebuilt).toBe(true);
    expect(first.cache.count).toBe(5);
    expect(first.cache.readBatch([0, 4]).length).toBe(2 * 40 * 40);
    const second = await prepareCache(options);
    expect(second.rebuilt).toBe(false);
    expect(second.cache.datasetFingerprint).toBe(first.cache.datasetFingerprint);
    first.cache.close();
    second.cache.close();
  });

  it('decode workers give the bytes of decoding on this thread, and a bad file still names itself', async () => {
    const dir = copyRealSample(join(tmp.dir, 'workers'));
    const options = { size: 64, channels: ALL_CHANNELS, force: true };
    const onThread = await build(dir, { ...options, decodeWorkers: 0, cacheDir: join(dir, 'c0') });
    const onWorkers = await build(dir, { ...options, decodeWorkers: 2, cacheDir: join(dir, 'c2') });
    const bytes = (built: typeof onThread, cacheDir: string) =>
      readFileSync(join(cacheDir, built.index.dataFile));
    expect(onWorkers.decodeWorkers).toBe(2);
    expect(onThread.decodeWorkers).toBe(0);
    expect(onWorkers.index.count).toBe(5);
    expect(bytes(onWorkers, join(dir, 'c2')).equals(bytes(onThread, join(dir, 'c0')))).toBe(true);
    expect(onWorkers.index.datasetFingerprint).toBe(onThread.index.datasetFingerprint);

    // A flipped byte in a PNG: the worker's decoder refuses it, the reference path names it.
    const file = join(dir, 'train', `${b}_red.png`);
    const png = readFileSync(file);
    const at = png.indexOf('IDAT', 0, 'latin1') + 100;
    png[at] = (png[at] as number) ^ 0x01;
    writeFileSync(file, png);
    const error = await build(dir, {
      ...options,
      decodeWorkers: 2,
      cacheDir: join(dir, 'c2'),
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as DatasetError).file).toBe(file);
    // The cache built before is still there and whole.
    expect(bytes(onWorkers, join(dir, 'c2')).equals(bytes(onThread, join(dir, 'c0')))).toBe(true);
  });
});
