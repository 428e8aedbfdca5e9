// The data sets a launch can name: packages/ml's synthetic specs, then the preprocessing caches
// built under HPA_LAB_HOME (the trainer of embedded mode caches there, and a team may share the
// folder). Listing reads index files only; nothing here opens pixel data.
import path from 'node:path';
import {
  listCachedDatasets,
  readCachedDataset,
  type CachedDataset,
} from '@hpa-lab/ml/cache-catalog';
import { SYNTHETIC_DATASETS, syntheticCachePath, type TrainConfig } from '@hpa-lab/ml/config';
import { ApiError } from '../lib/errors.ts';

export interface DatasetEntry {
  id: string;
  cachePath: string;
  kind: 'SYNTHETIC' | 'CACHED';
  label: string;
  description: string;
  fingerprint: string | null;
  sampleCount: number;
  imageSize: number;
  sourcePath: string | null;
  builtAt: Date | null;
}

/** Where the trainer writes its caches: `<home>/cache` (apps/trainer prepare-dataset.ts). */
export const cacheDirOf = (home: string) => path.join(home, 'cache');

function cachedEntry(cached: CachedDataset): DatasetEntry {
  const origin = cached.synthetic
    ? `generated ${syntheticCachePath(cached.synthetic)}`
    : cached.sourceDir;
  return {
    id: cached.indexPath,
    cachePath: cached.indexPath,
    kind: 'CACHED',
    label: `${path.basename(cached.sourceDir)} (${cached.sampleCount.toLocaleString('en')} images, cached at ${cached.size} px)`,
    description: `Preprocessing cache of ${origin}, channels ${cached.channels.join(', ')}.`,
    fingerprint: cached.fingerprint,
    sampleCount: cached.sampleCount,
    imageSize: cached.size,
    sourcePath: cached.sourceDir,
    builtAt: new Date(cached.builtAt),
  };
}

export async function listDatasets(home: string | undefined): Promise<DatasetEntry[]> {
  const synthetic = SYNTHETIC_DATASETS.map((preset): DatasetEntry => ({
    id: syntheticCachePath(preset.spec),
    cachePath: syntheticCachePath(preset.spec),
    kind: 'SYNTHETIC',
    label: preset.label,
    description: preset.description,
    fingerprint: null,
    sampleCount: preset.spec.count,
    imageSize: preset.spec.size,
    sourcePath: null,
    builtAt: null,
  }));
  const cached = home ? await listCachedDatasets(cacheDirOf(home)) : [];
  return [...synthetic, ...cached.map(cachedEntry)];
}

/**
 * A launch that pins a fingerprint on a cache this API knows is checked now, not after the run
 * waited in the queue: the trainer would refuse that data anyway. Paths outside the cache
 * folder are not read (a launch must not probe the API's file system); the trainer checks them.
 */
export async function checkPinnedFingerprint(
  home: string | undefined,
  config: TrainConfig,
  field = 'input.config',
): Promise<void> {
  const pinned = config.dataset.fingerprint;
  if (!home || pinned === undefined) return;
  const indexPath = path.resolve(config.dataset.cachePath);
  if (path.dirname(indexPath) !== path.resolve(cacheDirOf(home))) return;
  const cached = await readCachedDataset(indexPath);
  if (!cached || cached.fingerprint === pinned) return;
  const message =
    `the config pins ${pinned} but ${indexPath} has ${cached.fingerprint}; ` +
    'runs are comparable only on the same data';
  throw new ApiError(
    'CONFIG_INVALID',
    `Invalid training config: ${field}.dataset.fingerprint: ${message}`,
    {
      fields: [`${field}.dataset.fingerprint: ${message}`],
    },
  );
}
