// `@hpa-lab/ml/cache-catalog`: the preprocessing caches already built in a folder (the
// trainer's `$HPA_LAB_HOME/cache`), each with what a member picks a data set by: its
// fingerprint, sample count, image size and where it was built from. Reads index files only
// (node:fs, no TensorFlow.js), so the API can list them; a cache still being written (a
// `.tmp-` index) or one whose pixel file is missing or truncated is left out, as the trainer
// would rebuild it rather than open it.
import { readFile, readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { syntheticSpecSchema, type SyntheticSpec } from '../config/synthetic-spec.ts';
import { CACHE_FORMAT, sampleBytes, type CacheIndex } from './cache-format.ts';

export interface CachedDataset {
  /** The index file: what `config.dataset.cachePath` names to train on exactly this cache. */
  indexPath: string;
  /** The datasetFingerprint a run on it records. */
  fingerprint: string;
  sampleCount: number;
  /** Side of the cached square images, in pixels. */
  size: number;
  channels: string[];
  /** The folder it was built from (train.csv and the images' folder). */
  sourceDir: string;
  /** When the source folder is a generated synthetic set: its spec. */
  synthetic: SyntheticSpec | null;
  builtAt: string;
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

async function syntheticSpecOf(sourceDir: string): Promise<SyntheticSpec | null> {
  const marker = (await readJson(join(sourceDir, 'synthetic.json'))) as
    Record<string, unknown> | undefined;
  // The README experiments' sets have a text seed a spec cannot hold: not a spec, then.
  const parsed = syntheticSpecSchema.safeParse({
    count: marker?.count,
    size: marker?.size,
    seed: marker?.seed,
    rarity: marker?.rarity,
  });
  return marker && parsed.success ? parsed.data : null;
}

function isCacheIndex(value: unknown): value is CacheIndex {
  if (typeof value !== 'object' || value === null) return false;
  const index = value as Partial<CacheIndex>;
  return (
    index.format === CACHE_FORMAT &&
    typeof index.dataFile === 'string' &&
    typeof index.datasetFingerprint === 'string' &&
    Number.isInteger(index.count) &&
    Number.isInteger(index.size) &&
    Array.isArray(index.channels) &&
    typeof index.source?.imageDir === 'string'
  );
}

/** Entries by index path, reused while the index and its pixel file keep their size and mtime. */
const remembered = new Map<string, { stamp: string; entry: CachedDataset | null }>();

async function stampOf(...paths: string[]): Promise<string> {
  const stamps = await Promise.all(
    paths.map((file) =>
      stat(file).then(
        (info) => `${info.size}:${info.mtimeMs}`,
        () => 'missing',
      ),
    ),
  );
  return stamps.join('|');
}

async function readEntry(indexPath: string): Promise<CachedDataset | null> {
  const index = await readJson(indexPath);
  if (!isCacheIndex(index) || !index.labeled) return null;
  const dataFile = join(dirname(indexPath), index.dataFile);
  const bytes = await stat(dataFile).then(
    (info) => info.size,
    () => -1,
  );
  if (bytes !== index.count * sampleBytes(index)) return null;
  const sourceDir = index.source.csvFile ? dirname(index.source.csvFile) : index.source.imageDir;
  return {
    indexPath,
    fingerprint: index.datasetFingerprint,
    sampleCount: index.count,
    size: index.size,
    channels: [...index.channels],
    sourceDir,
    synthetic: await syntheticSpecOf(sourceDir),
    builtAt: index.builtAt,
  };
}

/**
 * One index file as a catalog entry, or null when it is not a complete labeled cache. An index
 * of a full-size set lists 31k ids: it is parsed again only when it or its pixel file changed.
 */
export async function readCachedDataset(indexPath: string): Promise<CachedDataset | null> {
  const dataFile = indexPath.replace(/\.json$/, '.u8');
  const stamp = await stampOf(indexPath, dataFile);
  const known = remembered.get(indexPath);
  if (known?.stamp === stamp) return known.entry;
  const entry = await readEntry(indexPath);
  remembered.set(indexPath, { stamp, entry });
  return entry;
}

/** The complete labeled caches in `cacheDir`, newest first; none when the folder is absent. */
export async function listCachedDatasets(cacheDir: string): Promise<CachedDataset[]> {
  const names = await readdir(cacheDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  const entries = await Promise.all(
    names
      .filter((name) => name.endsWith('.json'))
      .map((name) => readCachedDataset(join(cacheDir, name))),
  );
  return entries
    .filter((entry): entry is CachedDataset => entry !== null)
    .sort((a, b) => b.builtAt.localeCompare(a.builtAt) || a.indexPath.localeCompare(b.indexPath));
}
