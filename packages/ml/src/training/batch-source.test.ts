import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { inMemorySource, selectChannels, toInputTensor } from './batch-source.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('batch source helpers', () => {
  it('picks green first, then blue, red, yellow, keeping storage order', () => {
    const source = { channels: ['red', 'green', 'blue', 'yellow'] as const };
    expect(selectChannels(source, 1)).toEqual([1]);
    expect(selectChannels(source, 2)).toEqual([1, 2]);
    expect(selectChannels(source, 3)).toEqual([0, 1, 2]);
    expect(selectChannels(source, 4)).toEqual([0, 1, 2, 3]);
    expect(() => selectChannels({ channels: 2 }, 3)).toThrow(
      /channels: the model takes 3 channels, the data has 2/,
    );
  });

  it('scales uint8 to [0, 1], gathers channels and resizes to the input size', () => {
    const pixels = new Uint8Array(2 * 4 * 4 * 2);
    for (let i = 0; i < pixels.length; i++) pixels[i] = i % 2 === 0 ? 255 : 51;
    const x = toInputTensor(pixels, 2, 4, 2, [1], 8);
    expect(x.shape).toEqual([2, 8, 8, 1]);
    const values = x.dataSync();
    expect(values.every((v) => Math.abs(v - 0.2) < 1e-6)).toBe(true);
    x.dispose();
  });

  it('in-memory source returns the requested samples in order and checks its size', () => {
    const pixels = Uint8Array.from({ length: 3 * 2 * 2 * 1 }, (_, i) => Math.floor(i / 4));
    const source = inMemorySource({
      pixels,
      labels: new Uint8Array(3 * 28),
      count: 3,
      size: 2,
      channels: 1,
    });
    expect(Array.from(source.readBatch([2, 0]))).toEqual([2, 2, 2, 2, 0, 0, 0, 0]);
    const out = new Uint8Array(8);
    expect(source.readBatch([1, 2], out)).toBe(out);
    expect(Array.from(out)).toEqual([1, 1, 1, 1, 2, 2, 2, 2]);
    expect(() => source.readBatch([0, 1], new Uint8Array(7))).toThrow(
      /readBatch: output holds 7 bytes, need 8/,
    );
    expect(() =>
      inMemorySource({ pixels, labels: new Uint8Array(84), count: 4, size: 2, channels: 1 }),
    ).toThrow(/pixels: 12 bytes, expected 16/);
  });
});
