// One call for a trainer: read a Kaggle folder, build (or reuse) its cache, open it. Any bad
// input throws a DatasetError here, before a single training step runs.
import { buildCache, type BuildCacheOptions } from './build-cache.ts';
import type { Channel } from './classes.ts';
import { readKaggleDataset, type ReadKaggleDatasetOptions } from './kaggle-dataset.ts';
import { openCache, type CacheReader } from './open-cache.ts';

export interface PrepareCacheOptions extends Omit<ReadKaggleDatasetOptions, 'channels'> {
  size: number;
  channels: readonly Channel[];
  cacheDir: string;
  concurrency?: number;
  sourceCheck?: BuildCacheOptions['sourceCheck'];
  onProgress?: BuildCacheOptions['onProgress'];
}

export async function prepareCache(
  options: PrepareCacheOptions,
): Promise<{ cache: CacheReader; rebuilt: boolean; indexPath: string }> {
  const dataset = await readKaggleDataset({
    dir: options.dir,
    csv: options.csv,
    imageDir: options.imageDir,
    channels: options.channels,
  });
  const { indexPath, rebuilt } = await buildCache({
    dataset,
    size: options.size,
    channels: options.channels,
    cacheDir: options.cacheDir,
    concurrency: options.concurrency,
    sourceCheck: options.sourceCheck,
    onProgress: options.onProgress,
  });
  return { cache: openCache(indexPath), rebuilt, indexPath };
}
