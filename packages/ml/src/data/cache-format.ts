// On-disk format of the preprocessing cache: `<name>.u8` holds count x size x size x channels
// uint8 in NHWC order (sample i at byte i * size * size * channels), `<name>.json` the index.
import type { Channel } from './classes.ts';

export const CACHE_FORMAT = 'hpa-cache-v1';

export interface CacheIndex {
  format: typeof CACHE_FORMAT;
  /** File name of the pixel data, next to the index. */
  dataFile: string;
  count: number;
  size: number;
  channels: Channel[];
  labeled: boolean;
  ids: string[];
  /** Space-separated labels per sample, as in train.csv ('' when unlabeled). */
  targets: string[];
  /** Hash of the source files + settings; a mismatch triggers a rebuild. */
  sourceFingerprint: string;
  /** datasetFingerprint of ids, labels and preprocessing: what the trainer records. */
  datasetFingerprint: string;
  preprocessing: { size: number; channels: Channel[]; resize: 'sharp-lanczos3-fill' };
  source: { csvFile: string | null; imageDir: string };
  builtAt: string;
  buildSeconds: number;
}

export function sampleBytes(index: Pick<CacheIndex, 'size' | 'channels'>): number {
  return index.size * index.size * index.channels.length;
}
