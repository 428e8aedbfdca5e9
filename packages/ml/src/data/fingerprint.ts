// Fingerprints. datasetFingerprint identifies WHAT a run saw (ids, labels, preprocessing), so the
// trainer records it and runs are compared only on the same data; sourceFingerprint identifies
// the bytes on disk, so the cache knows when to rebuild.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { NUM_CLASSES, fromMultiHot, type Channel } from './classes.ts';
import type { KaggleSample } from './kaggle-dataset.ts';

/** JSON with object keys sorted, so {a,b} and {b,a} hash the same. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface DatasetFingerprintInput {
  ids: readonly string[];
  /** Label lists, or a multi-hot [count * 28]. */
  labels: readonly (readonly number[])[] | Uint8Array;
  /** Everything that changes the pixels a model sees: size, channels, resize kernel... */
  preprocessing: Record<string, unknown>;
  /** Optional split identity (seed, fraction, fold) when the fingerprint names a validation set. */
  split?: Record<string, unknown>;
}

/** sha256 hex of ids + labels + preprocessing (+ split). Order of samples matters. */
export function datasetFingerprint(input: DatasetFingerprintInput): string {
  const labelLists = input.labels instanceof Uint8Array ? fromMultiHot(input.labels) : input.labels;
  if (labelLists.length !== input.ids.length) {
    throw new Error(
      `datasetFingerprint: ${input.ids.length} ids but ${labelLists.length} label rows`,
    );
  }
  const hash = createHash('sha256');
  hash.update(`hpa-dataset-v1|classes=${NUM_CLASSES}|`);
  hash.update(stableStringify(input.preprocessing));
  hash.update(`|split=${stableStringify(input.split ?? null)}|`);
  input.ids.forEach((id, i) => {
    const labels = [...(labelLists[i] ?? [])].sort((a, b) => a - b);
    hash.update(`${id}:${labels.join(' ')}\n`);
  });
  return hash.digest('hex');
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export type SourceCheck = 'stat' | 'content';

/**
 * Hash of the source files: by size + mtime (fast, default) or by content (slow, exact).
 * Includes ids and labels so a relabelled CSV also invalidates the cache.
 */
export async function sourceFingerprint(
  samples: readonly KaggleSample[],
  channels: readonly Channel[],
  check: SourceCheck = 'stat',
): Promise<string> {
  const paths = samples.flatMap((s) => channels.map((c) => s.files[c]));
  const parts = new Array<string>(paths.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      const i = next++;
      const path = paths[i] as string;
      if (check === 'content') {
        parts[i] = await hashFile(path);
      } else {
        const info = await stat(path);
        parts[i] = `${info.size}:${Math.round(info.mtimeMs)}`;
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  const hash = createHash('sha256');
  hash.update(`sources-v1|${check}|${channels.join(',')}\n`);
  samples.forEach((sample, s) => {
    hash.update(`${sample.id}:${sample.labels.join(' ')}`);
    for (let c = 0; c < channels.length; c += 1) {
      hash.update(`|${paths[s * channels.length + c]}=${parts[s * channels.length + c]}`);
    }
    hash.update('\n');
  });
  return hash.digest('hex');
}
