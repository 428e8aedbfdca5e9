// A tiny, learnable in-memory data set for tests and smoke runs: class c (c < 4) brightens
// channel c, so even a 2-block CNN separates the classes within a few epochs.
import { NUM_CLASSES } from '../data/classes.ts';
import type { BatchSource } from './batch-source.ts';
import { inMemorySource } from './batch-source.ts';

export function toySource(count: number, size: number, seed: number): BatchSource {
  let state = seed >>> 0 || 1;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const channels = 4;
  const per = size * size * channels;
  const pixels = new Uint8Array(count * per);
  const labels = new Uint8Array(count * NUM_CLASSES);
  for (let s = 0; s < count; s++) {
    const present = [0, 1, 2, 3].map(() => random() < 0.4);
    present.forEach((on, c) => (labels[s * NUM_CLASSES + c] = on ? 1 : 0));
    for (let i = 0; i < size * size; i++) {
      for (let c = 0; c < channels; c++) {
        const base = present[c] ? 150 : 40;
        pixels[s * per + i * channels + c] = Math.min(255, Math.round(base + random() * 80));
      }
    }
  }
  return inMemorySource({ pixels, labels, count, size, channels });
}
