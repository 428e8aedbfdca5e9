// On-the-fly batch augmentation for NHWC batches. Fluorescence images have no up, down or
// handedness, so all 8 flips/rotations are label-preserving; brightness and contrast jitter
// mimic exposure differences between microscope sessions.
import { createRng, type Rng } from './random.ts';

export interface BatchShape {
  count: number;
  size: number;
  channels: number;
}

export interface AugmentOptions {
  /** Random horizontal flip (with rotations: all 8 symmetries of the square). */
  flip?: boolean;
  /** Random multiple of 90 degrees. */
  rotate90?: boolean;
  /** Max additive shift as a fraction of `range` (e.g. 0.1). */
  brightness?: number;
  /** Max relative contrast change around each channel's mean (e.g. 0.2 -> x0.8..x1.2). */
  contrast?: number;
  /** Full-scale value: 255 for uint8 (default), 1 for normalized floats. */
  range?: number;
}

/**
 * Writes the symmetry (flip, then k quarter turns counter-clockwise) of one HWC image into dst.
 * Also useful for test-time augmentation.
 */
export function dihedralTransform<T extends Uint8Array | Float32Array>(
  src: T,
  dst: T,
  size: number,
  channels: number,
  quarterTurns: number,
  flip: boolean,
  srcOffset = 0,
  dstOffset = 0,
): void {
  const n = size - 1;
  const k = ((quarterTurns % 4) + 4) % 4;
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      let sy: number;
      let sx: number;
      if (k === 0) [sy, sx] = [y, x];
      else if (k === 1) [sy, sx] = [x, n - y];
      else if (k === 2) [sy, sx] = [n - y, n - x];
      else [sy, sx] = [n - x, y];
      if (flip) sx = n - sx;
      const from = srcOffset + (sy * size + sx) * channels;
      const to = dstOffset + (y * size + x) * channels;
      for (let c = 0; c < channels; c += 1) dst[to + c] = src[from + c] as number;
    }
  }
}

/** Returns an augmented copy of the batch; the input is left untouched. */
export function augmentBatch<T extends Uint8Array | Float32Array>(
  batch: T,
  shape: BatchShape,
  options: AugmentOptions,
  seedOrRng: number | string | Rng,
): T {
  const { count, size, channels } = shape;
  const per = size * size * channels;
  if (batch.length !== count * per) {
    throw new Error(`augmentBatch: ${batch.length} values, shape needs ${count * per}`);
  }
  const rng = typeof seedOrRng === 'object' ? seedOrRng : createRng(seedOrRng);
  const isByte = batch instanceof Uint8Array;
  const range = options.range ?? (isByte ? 255 : 1);
  const out = (isByte ? new Uint8Array(batch.length) : new Float32Array(batch.length)) as T;
  const means = new Float64Array(channels);
  for (let s = 0; s < count; s += 1) {
    const offset = s * per;
    const turns = options.rotate90 ? rng.int(4) : 0;
    const flip = options.flip ? rng.chance(0.5) : false;
    dihedralTransform(batch, out, size, channels, turns, flip, offset, offset);
    const shift = options.brightness ? rng.range(-1, 1) * options.brightness * range : 0;
    const gain = options.contrast ? 1 + rng.range(-1, 1) * options.contrast : 1;
    if (shift === 0 && gain === 1) continue;
    means.fill(0);
    for (let i = 0; i < per; i += 1) {
      means[i % channels] = (means[i % channels] as number) + (out[offset + i] as number);
    }
    for (let c = 0; c < channels; c += 1) means[c] = (means[c] as number) / (size * size);
    for (let i = 0; i < per; i += 1) {
      const mean = means[i % channels] as number;
      const value = ((out[offset + i] as number) - mean) * gain + mean + shift;
      // Bytes saturate like a camera; floats are clipped to [0, range] for the same reason.
      out[offset + i] =
        value <= 0 ? 0 : value >= range ? range : isByte ? Math.round(value) : value;
    }
  }
  return out;
}

/** uint8 NHWC -> float32 scaled to [0, 1] (what most models take). */
export function toFloat32(batch: Uint8Array, scale = 1 / 255): Float32Array {
  const out = new Float32Array(batch.length);
  for (let i = 0; i < batch.length; i += 1) out[i] = (batch[i] as number) * scale;
  return out;
}
