// Random-access reader for a built cache. Reads go straight to the file with positioned reads,
// so a 31k-sample cache at 512 px (8+ GB) never has to fit in memory.
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { NUM_CLASSES, type Channel } from './classes.ts';
import { CACHE_FORMAT, sampleBytes, type CacheIndex } from './cache-format.ts';
import { batchOutput } from './batch-output.ts';

export interface CacheReader {
  count: number;
  size: number;
  channels: Channel[];
  ids: string[];
  /** Multi-hot [count * 28]; all zero for an unlabeled (test) cache. */
  labels: Uint8Array;
  labeled: boolean;
  datasetFingerprint: string;
  index: CacheIndex;
  /** Bytes of one sample (size * size * channels). */
  sampleBytes: number;
  /** NHWC uint8 of the given samples, in the given order. */
  readBatch(indices: readonly number[], out?: Uint8Array): Uint8Array;
  close(): void;
}

export function openCache(indexPath: string): CacheReader {
  const path = resolve(indexPath);
  const index = JSON.parse(readFileSync(path, 'utf8')) as CacheIndex;
  if (index.format !== CACHE_FORMAT) {
    throw new Error(`${path}: not a cache index (format "${String(index.format)}")`);
  }
  const bytes = sampleBytes(index);
  const dataPath = join(dirname(path), index.dataFile);
  const fd = openSync(dataPath, 'r');
  const actual = fstatSync(fd).size;
  if (actual !== index.count * bytes) {
    closeSync(fd);
    throw new Error(`${dataPath}: ${actual} bytes, index expects ${index.count * bytes}`);
  }
  const labels = new Uint8Array(index.count * NUM_CLASSES);
  index.targets.forEach((target, i) => {
    for (const token of target.split(' ')) {
      if (token !== '') labels[i * NUM_CLASSES + Number(token)] = 1;
    }
  });
  let open = true;

  const readBatch = (indices: readonly number[], out?: Uint8Array): Uint8Array => {
    if (!open) throw new Error(`${dataPath}: cache is closed`);
    const batch = batchOutput(indices.length * bytes, out);
    let k = 0;
    while (k < indices.length) {
      const first = indices[k] as number;
      if (!Number.isInteger(first) || first < 0 || first >= index.count) {
        throw new RangeError(`readBatch: index ${first} outside 0..${index.count - 1}`);
      }
      // Consecutive indices (sequential evaluation) are merged into one read.
      let run = 1;
      while (k + run < indices.length && indices[k + run] === first + run) run += 1;
      const length = run * bytes;
      let readTotal = 0;
      while (readTotal < length) {
        const n = readSync(
          fd,
          batch,
          k * bytes + readTotal,
          length - readTotal,
          first * bytes + readTotal,
        );
        if (n === 0) throw new Error(`${dataPath}: unexpected end of file`);
        readTotal += n;
      }
      k += run;
    }
    return batch;
  };

  return {
    count: index.count,
    size: index.size,
    channels: index.channels,
    ids: index.ids,
    labels,
    labeled: index.labeled,
    datasetFingerprint: index.datasetFingerprint,
    index,
    sampleBytes: bytes,
    readBatch,
    close: () => {
      if (open) closeSync(fd);
      open = false;
    },
  };
}
