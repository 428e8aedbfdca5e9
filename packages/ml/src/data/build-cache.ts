// Builds the preprocessing cache: every sample decoded and resized once, in parallel, into one
// uint8 file. sharp runs each decode on libuv's thread pool, so keeping `concurrency` samples in
// flight spreads the work over the cores without worker_threads copying pixels between heaps.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { parseChannels, type Channel } from './classes.ts';
import { CACHE_FORMAT, sampleBytes, type CacheIndex } from './cache-format.ts';
import { decodeSampleHwc, decodesFromPlanes, type PlaneReader } from './image-decode.ts';
import type { SamplePlanes } from './sample-planes.ts';
import { createWorkerPool } from './workers/worker-pool.ts';
import { datasetFingerprint, sourceFingerprint, type SourceCheck } from './fingerprint.ts';
import type { KaggleDataset } from './kaggle-dataset.ts';

// Below this, starting the decode workers (tsx compiles their modules, ~0.3 s) costs more than
// they save.
const MIN_SAMPLES_FOR_WORKERS = 64;

export interface BuildCacheOptions {
  dataset: KaggleDataset;
  /** Output side in pixels (images are resized to size x size). */
  size: number;
  channels: readonly Channel[];
  cacheDir: string;
  /** Samples decoded at once; default 4 per core with decode workers, else 2. */
  concurrency?: number;
  /**
   * Worker threads that read and decode the PNGs while this thread drives sharp's resizes;
   * default one per core for 64 samples or more of three channels or more (0: decode on this
   * thread). Where workers cannot start, this thread decodes.
   */
  decodeWorkers?: number;
  /** How source changes are detected; default 'stat' (size + mtime). */
  sourceCheck?: SourceCheck;
  /** Rebuild even when the cache is current. */
  force?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface BuildCacheResult {
  /** Path of the index JSON; pass it to openCache. */
  indexPath: string;
  /** False when an up-to-date cache was reused. */
  rebuilt: boolean;
  /** Decode workers that ran (0: decoded on the calling thread, or reused). */
  decodeWorkers: number;
  index: CacheIndex;
}

function cacheName(dataset: KaggleDataset, size: number, channels: readonly Channel[]): string {
  const where = createHash('sha256')
    .update(`${dataset.csvFile ?? ''}|${dataset.imageDir}`)
    .digest('hex')
    .slice(0, 12);
  return `hpa-${size}px-${channels.map((c) => c[0]).join('')}-${where}`;
}

function readCurrentIndex(indexPath: string, fingerprint: string): CacheIndex | null {
  if (!existsSync(indexPath)) return null;
  try {
    const index = JSON.parse(readFileSync(indexPath, 'utf8')) as CacheIndex;
    const dataPath = join(resolve(indexPath, '..'), index.dataFile);
    const complete =
      index.format === CACHE_FORMAT &&
      index.sourceFingerprint === fingerprint &&
      existsSync(dataPath) &&
      statSync(dataPath).size === index.count * sampleBytes(index);
    return complete ? index : null;
  } catch {
    // An unreadable index is simply stale: rebuilding is always safe.
    return null;
  }
}

export async function buildCache(options: BuildCacheOptions): Promise<BuildCacheResult> {
  const { dataset, size } = options;
  const channels = parseChannels(options.channels);
  if (!Number.isInteger(size) || size < 8 || size > 4096) {
    throw new Error(`buildCache: size must be an integer in 8..4096, got ${size}`);
  }
  const cacheDir = resolve(options.cacheDir);
  await mkdir(cacheDir, { recursive: true });
  const name = cacheName(dataset, size, channels);
  const indexPath = join(cacheDir, `${name}.json`);
  const check = options.sourceCheck ?? 'stat';
  const fingerprint = createHash('sha256')
    .update(`${CACHE_FORMAT}|${size}|${channels.join(',')}|`)
    .update(await sourceFingerprint(dataset.samples, channels, check))
    .digest('hex');

  const current = options.force ? null : readCurrentIndex(indexPath, fingerprint);
  if (current) return { indexPath, rebuilt: false, decodeWorkers: 0, index: current };

  const started = performance.now();
  const total = dataset.samples.length;
  const bytesPerSample = size * size * channels.length;
  const dataFile = `${name}.u8`;
  // Built under temporary names and renamed at the end: a failed or interrupted build never
  // damages the previous cache.
  const tmpData = join(cacheDir, `${dataFile}.tmp-${process.pid}`);
  const tmpIndex = join(cacheDir, `${name}.json.tmp-${process.pid}`);
  const handle = await open(tmpData, 'w');
  // Workers only serve the fast path, which needs three channels or more.
  const workersPay = total >= MIN_SAMPLES_FOR_WORKERS && decodesFromPlanes(channels);
  const decodeWorkers = options.decodeWorkers ?? (workersPay ? availableParallelism() : 0);
  const pool =
    decodeWorkers > 0
      ? await createWorkerPool<string[], SamplePlanes | null>(
          new URL('./workers/decode-worker.ts', import.meta.url),
          decodeWorkers,
        )
      : null;
  const readPlanes: PlaneReader | undefined = pool ? (files) => pool.run(files) : undefined;
  const previousVipsThreads = sharp.concurrency();
  // One libvips thread per image: decode-bound PNG work scales better across images.
  sharp.concurrency(1);
  let next = 0;
  let done = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    const buffer = new Uint8Array(bytesPerSample);
    while (!failed && next < total) {
      const i = next++;
      const sample = dataset.samples[i];
      if (!sample) break;
      try {
        await decodeSampleHwc(sample.files, channels, size, buffer, readPlanes);
        await handle.write(buffer, 0, bytesPerSample, i * bytesPerSample);
      } catch (error) {
        failed = true;
        throw error;
      }
      done += 1;
      options.onProgress?.(done, total);
    }
  };
  // A sample passes through three steps (decode, the fourth channel's resize, the 3-band resize;
  // image-decode.ts), each waiting on the one before, so a core needs several samples in flight
  // to stay busy: 4 per core with decode workers (on 2 cores, 8 in flight built 116-140
  // samples/s against 113 with 4), 2 per core without.
  const perCore = pool ? 4 : 2;
  const concurrency = Math.max(1, options.concurrency ?? perCore * availableParallelism());
  const results = await Promise.allSettled(Array.from({ length: concurrency }, worker));
  sharp.concurrency(previousVipsThreads);
  await pool?.close();
  await handle.close();
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) {
    await rm(tmpData, { force: true });
    throw failure.reason;
  }

  const preprocessing = { size, channels, resize: 'sharp-lanczos3-fill' as const };
  const ids = dataset.samples.map((s) => s.id);
  const index: CacheIndex = {
    format: CACHE_FORMAT,
    dataFile,
    count: total,
    size,
    channels,
    labeled: dataset.labeled,
    ids,
    targets: dataset.samples.map((s) => s.labels.join(' ')),
    sourceFingerprint: fingerprint,
    datasetFingerprint: datasetFingerprint({
      ids,
      labels: dataset.samples.map((s) => s.labels),
      preprocessing,
    }),
    preprocessing,
    source: { csvFile: dataset.csvFile, imageDir: dataset.imageDir },
    builtAt: new Date().toISOString(),
    buildSeconds: (performance.now() - started) / 1000,
  };
  await writeFile(tmpIndex, JSON.stringify(index));
  await rename(tmpData, join(cacheDir, dataFile));
  await rename(tmpIndex, indexPath);
  return {
    indexPath,
    rebuilt: true,
    decodeWorkers: pool ? decodeWorkers : 0,
    index: { ...index, dataFile: basename(dataFile) },
  };
}
