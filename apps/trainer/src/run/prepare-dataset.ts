// Turns a config's dataset reference into an open cache: generating synthetic data and
// building the preprocessing cache when needed (both reused when already current), and checks
// the fingerprint the config pins, so a run never trains on data other than it claims.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ALL_CHANNELS,
  buildCache,
  generateSyntheticDataset,
  openCache,
  readKaggleDataset,
  type CacheReader,
  type TrainConfig,
} from '@hpa-lab/ml';
import { resolveDatasetLocation, type SyntheticSpec } from './dataset-location.ts';

export interface PreparedDataset {
  cache: CacheReader;
  indexPath: string;
  fingerprint: string;
}

export interface PrepareProgress {
  (stage: 'generating' | 'caching', done: number, total: number): void;
}

function syntheticSetIsComplete(dir: string, spec: SyntheticSpec): boolean {
  const marker = join(dir, 'synthetic.json');
  if (!existsSync(marker) || !existsSync(join(dir, 'train.csv'))) return false;
  try {
    const written = JSON.parse(readFileSync(marker, 'utf8')) as Partial<SyntheticSpec>;
    return (
      written.count === spec.count &&
      written.size === spec.size &&
      Number(written.seed) === spec.seed &&
      written.rarity === spec.rarity
    );
  } catch {
    return false;
  }
}

async function kaggleFolderCache(
  dir: string,
  config: TrainConfig,
  home: string,
  onProgress?: PrepareProgress,
): Promise<string> {
  const dataset = await readKaggleDataset({ dir });
  const built = await buildCache({
    dataset,
    // Cached at the model's input size: the training loop then never resizes.
    size: config.inputSize,
    channels: ALL_CHANNELS,
    cacheDir: join(home, 'cache'),
    onProgress: (done, total) => onProgress?.('caching', done, total),
  });
  return built.indexPath;
}

export async function prepareDataset(
  config: TrainConfig,
  home: string,
  onProgress?: PrepareProgress,
): Promise<PreparedDataset> {
  const location = resolveDatasetLocation(config.dataset.cachePath, home);
  let indexPath: string;
  switch (location.kind) {
    case 'cache-index':
      indexPath = location.indexPath;
      break;
    case 'kaggle-folder':
      indexPath = await kaggleFolderCache(location.dir, config, home, onProgress);
      break;
    case 'synthetic':
      if (!syntheticSetIsComplete(location.dir, location.spec)) {
        await generateSyntheticDataset({
          outDir: location.dir,
          ...location.spec,
          onProgress: (done, total) => onProgress?.('generating', done, total),
        });
      }
      indexPath = await kaggleFolderCache(location.dir, config, home, onProgress);
      break;
  }
  const cache = openCache(indexPath);
  if (!cache.labeled) {
    cache.close();
    throw new Error(`dataset.cachePath: ${indexPath} is an unlabeled (test) cache`);
  }
  const expected = config.dataset.fingerprint;
  if (expected !== undefined && expected !== cache.datasetFingerprint) {
    cache.close();
    throw new Error(
      `dataset.fingerprint: the config pins ${expected} but ${indexPath} has ` +
        `${cache.datasetFingerprint}; the run would not be comparable with its peers`,
    );
  }
  return { cache, indexPath, fingerprint: cache.datasetFingerprint };
}
