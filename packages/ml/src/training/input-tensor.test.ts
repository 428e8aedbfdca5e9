// toInputTensor writes its values straight into the tensor (filledFloatTensor); these tests
// hold it to the tfjs ops it replaced (cast, divide by 255, gather channels, resize) on the cpu
// backend (a JavaScript array) and on wasm (the tensor's memory on the wasm heap).
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { filledFloatTensor } from '../backend/filled-tensor.ts';
import { selectBackend } from '../backend/select-backend.ts';
import { toInputTensor } from './batch-source.ts';

/** The definition: what toInputTensor computed with tfjs ops before. */
function referenceInput(
  pixels: Uint8Array,
  count: number,
  size: number,
  stored: number,
  channels: number[],
  inputSize: number,
): Float32Array {
  return tf.tidy(() => {
    let x: tf.Tensor4D = tf.tensor4d(pixels, [count, size, size, stored], 'int32');
    if (channels.length !== stored) x = tf.gather(x, channels, 3);
    let scaled = tf.div(tf.cast(x, 'float32'), 255) as tf.Tensor4D;
    if (inputSize !== size) scaled = tf.image.resizeBilinear(scaled, [inputSize, inputSize]);
    return scaled.dataSync() as Float32Array;
  });
}

// Every byte value appears: 3 samples of 8x8x4 = 768 bytes, the values 0..255 three times over
// in a shuffled order so that channels differ.
const COUNT = 3;
const SIZE = 8;
const STORED = 4;
const pixels = Uint8Array.from({ length: COUNT * SIZE * SIZE * STORED }, (_, i) => (i * 97) % 256);

const cases: { channels: number[]; inputSize: number }[] = [
  { channels: [0, 1, 2, 3], inputSize: SIZE },
  { channels: [1], inputSize: SIZE },
  { channels: [0, 2, 3], inputSize: SIZE },
  { channels: [0, 1, 2, 3], inputSize: 12 },
  { channels: [1, 2], inputSize: 4 },
];

afterAll(async () => {
  await selectBackend({ force: 'cpu' });
});

describe.each(['cpu', 'wasm'] as const)('toInputTensor on %s', (backend) => {
  it.each(cases)(
    'equals cast/255/gather/resize exactly: channels $channels, size $inputSize',
    async ({ channels, inputSize }) => {
      await selectBackend({ force: backend });
      const tensorsBefore = tf.memory().numTensors;
      const x = toInputTensor(pixels, COUNT, SIZE, STORED, channels, inputSize);
      expect(x.shape).toEqual([COUNT, inputSize, inputSize, channels.length]);
      expect(x.dtype).toBe('float32');
      const actual = x.dataSync();
      const expected = referenceInput(pixels, COUNT, SIZE, STORED, channels, inputSize);
      // Bit for bit where no resize runs (the same float32 quotients); resizing is tfjs's own.
      expect(Array.from(actual)).toEqual(Array.from(expected));
      x.dispose();
      expect(tf.memory().numTensors).toBe(tensorsBefore);
    },
  );

  it('names a batch shorter than its shape', async () => {
    await selectBackend({ force: backend });
    expect(() => toInputTensor(pixels.subarray(10), COUNT, SIZE, STORED, [0], SIZE)).toThrow(
      /toInputTensor: 758 bytes, 3 samples of 8x8x4 need 768/,
    );
  });

  it('frees the tensor memory when the fill throws', async () => {
    await selectBackend({ force: backend });
    const idsBefore = tf.backend().numDataIds();
    expect(() =>
      filledFloatTensor<tf.Rank.R2>([4, 4], () => {
        throw new Error('fill failed');
      }),
    ).toThrow('fill failed');
    expect(tf.backend().numDataIds()).toBe(idsBefore);
  });
});
