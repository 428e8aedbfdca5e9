// The catalog lists complete labeled caches only, with the numbers a member picks a data set by.
import { copyFileSync, mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCache } from './build-cache.ts';
import { listCachedDatasets } from './cache-catalog.ts';
import { readKaggleDataset } from './kaggle-dataset.ts';
import { generateSyntheticDataset } from './synthetic/generate-dataset.ts';
import { copyRealSample, sharedDataTestsRun, tempDir } from './test-fixtures.ts';

const tmp = tempDir('catalog');
afterAll(() => tmp.cleanup());

async function cache(dir: string, cacheDir: string, size: number) {
  return buildCache({
    dataset: await readKaggleDataset({ dir }),
    size,
    channels: ['green', 'red', 'blue', 'yellow'],
    cacheDir,
  });
}

describe('listCachedDatasets', () => {
  it('is empty for a folder that does not exist', async () => {
    expect(await listCachedDatasets(join(tmp.dir, 'nowhere'))).toEqual([]);
  });

  it.skipIf(!sharedDataTestsRun())(
    'lists built caches with fingerprint, count, size and origin; skips broken ones',
    async () => {
      const cacheDir = join(tmp.dir, 'cache');
      const real = copyRealSample(join(tmp.dir, 'real'));
      const synthetic = join(tmp.dir, 'datasets', 'synthetic-n6');
      await generateSyntheticDataset({ outDir: synthetic, count: 6, size: 32, seed: 3, rarity: 0 });
      const realCache = await cache(real, cacheDir, 32);
      const syntheticCache = await cache(synthetic, cacheDir, 32);

      // A cache whose pixel file lost bytes, an index being written, and a test (unlabeled) cache.
      const brokenDir = copyRealSample(join(tmp.dir, 'broken'));
      const broken = await cache(brokenDir, cacheDir, 16);
      truncateSync(join(cacheDir, broken.index.dataFile), 10);
      copyFileSync(realCache.indexPath, join(cacheDir, 'half.json.tmp-123'));
      const unlabeled = { ...realCache.index, labeled: false };
      writeFileSync(join(cacheDir, 'test-set.json'), JSON.stringify(unlabeled));
      mkdirSync(join(cacheDir, 'folder.json'));
      writeFileSync(join(cacheDir, 'notes.json'), '{ not json');

      const listed = await listCachedDatasets(cacheDir);
      expect(listed.map((entry) => entry.indexPath).sort()).toEqual(
        [realCache.indexPath, syntheticCache.indexPath].sort(),
      );
      const realEntry = listed.find((entry) => entry.indexPath === realCache.indexPath)!;
      expect(realEntry).toMatchObject({
        fingerprint: realCache.index.datasetFingerprint,
        sampleCount: 5,
        size: 32,
        channels: ['green', 'red', 'blue', 'yellow'],
        sourceDir: real,
        synthetic: null,
      });
      expect(realEntry.fingerprint).toMatch(/^[0-9a-f]{64}$/);
      const syntheticEntry = listed.find((entry) => entry.indexPath === syntheticCache.indexPath)!;
      expect(syntheticEntry).toMatchObject({
        sampleCount: 6,
        sourceDir: synthetic,
        synthetic: { count: 6, size: 32, seed: 3, rarity: 0 },
      });
    },
    60_000,
  );
});
