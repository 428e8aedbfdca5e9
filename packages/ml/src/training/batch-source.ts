// What the training loop reads samples from. The data layer's CacheReader (openCache) fits it
// as is; tests use an in-memory source.
import * as tf from '@tensorflow/tfjs';
import { filledFloatTensor } from '../backend/filled-tensor.ts';
import { batchOutput } from '../data/batch-output.ts';

export interface BatchSource {
  count: number;
  /** Image side in pixels (square). */
  size: number;
  /** Channel count, or the channel names in storage order. */
  channels: number | readonly string[];
  /** Multi-hot labels, count * 28. */
  labels: Uint8Array;
  /**
   * NHWC uint8 pixels of the given samples, in the given order. With `out` (at least that
   * many bytes) they are written there and `out` is returned: the training loop reuses one
   * buffer for every batch.
   */
  readBatch(indices: readonly number[], out?: Uint8Array): Uint8Array;
}

export function channelCount(source: Pick<BatchSource, 'channels'>): number {
  return typeof source.channels === 'number' ? source.channels : source.channels.length;
}

// When a model takes fewer channels than stored, keep the most informative: green is the
// protein being classified, blue (nucleus) and red (microtubules) are the main landmarks.
const CHANNEL_PRIORITY = ['green', 'blue', 'red', 'yellow'];

/** Indices (in storage order) of the channels a model with `wanted` channels takes. */
export function selectChannels(source: Pick<BatchSource, 'channels'>, wanted: number): number[] {
  const available = channelCount(source);
  if (wanted > available) {
    throw new Error(`channels: the model takes ${wanted} channels, the data has ${available}`);
  }
  if (wanted === available) return Array.from({ length: available }, (_, i) => i);
  if (typeof source.channels === 'number') return Array.from({ length: wanted }, (_, i) => i);
  const names = source.channels;
  const ranked = CHANNEL_PRIORITY.map((n) => names.indexOf(n)).filter((i) => i >= 0);
  for (let i = 0; i < names.length; i++) if (!ranked.includes(i)) ranked.push(i);
  return ranked.slice(0, wanted).sort((a, b) => a - b);
}

/**
 * uint8 NHWC batch -> float32 tensor in [0, 1] at the model's input size and channels.
 * The caller owns (and disposes) the result. The bytes go straight into a float tensor
 * (filledFloatTensor: no per-batch arrays for the collector; a plain copy when every channel
 * is taken, which the typed-array conversion does natively) and one division scales them:
 * the same float32 quotients as tf.div(tf.cast(x, 'float32'), 255).
 */
export function toInputTensor(
  pixels: Uint8Array,
  count: number,
  size: number,
  storedChannels: number,
  channelIndices: readonly number[],
  inputSize: number,
): tf.Tensor4D {
  const pixelCount = count * size * size;
  if (pixels.length < pixelCount * storedChannels) {
    throw new Error(
      `toInputTensor: ${pixels.length} bytes, ${count} samples of ${size}x${size}x${storedChannels} need ${pixelCount * storedChannels}`,
    );
  }
  const picked = channelIndices.length;
  const allChannels = picked === storedChannels && channelIndices.every((c, i) => c === i);
  const bytes = filledFloatTensor<tf.Rank.R4>([count, size, size, picked], (values) => {
    if (allChannels) {
      values.set(pixels.subarray(0, values.length));
      return;
    }
    for (let p = 0, from = 0, to = 0; p < pixelCount; p++, from += storedChannels) {
      for (let c = 0; c < picked; c++, to++) values[to] = pixels[from + channelIndices[c]!]!;
    }
  });
  const scaled = tf.div<tf.Tensor4D>(bytes, 255);
  bytes.dispose();
  if (inputSize === size) return scaled;
  const resized = tf.image.resizeBilinear(scaled, [inputSize, inputSize]);
  scaled.dispose();
  return resized;
}

/** A source over arrays in memory (tests, small experiments). */
export function inMemorySource(options: {
  pixels: Uint8Array;
  labels: Uint8Array;
  count: number;
  size: number;
  channels: number;
}): BatchSource {
  const per = options.size * options.size * options.channels;
  if (options.pixels.length !== options.count * per) {
    throw new Error(`pixels: ${options.pixels.length} bytes, expected ${options.count * per}`);
  }
  return {
    count: options.count,
    size: options.size,
    channels: options.channels,
    labels: options.labels,
    readBatch(indices, into) {
      const out = batchOutput(indices.length * per, into);
      indices.forEach((index, k) =>
        out.set(options.pixels.subarray(index * per, (index + 1) * per), k * per),
      );
      return out;
    },
  };
}
