import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomArray, relativeError } from '../backend/compare-backends.ts';
import { selectBackend } from '../backend/select-backend.ts';
import { foldBatchNorm, pair, readConvSpec } from './conv-spec.ts';
import { runConv } from './conv-steps.ts';
import { randomizeBatchNorms } from './test-fixtures.ts';

beforeAll(async () => {
  await selectBackend({ force: 'cpu' });
});

/** A conv (or depthwise conv) followed by a batch-norm with random statistics. */
function convThenBatchNorm(conv: tf.layers.Layer) {
  const input = tf.input({ shape: [6, 6, 3] });
  const bn = tf.layers.batchNormalization();
  const output = bn.apply(conv.apply(input)) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: output });
  randomizeBatchNorms(model);
  return { model, bn };
}

describe('readConvSpec', () => {
  it("reads a convolution's geometry, activation and current weights", () => {
    const layer = tf.layers.conv2d({
      filters: 5,
      kernelSize: [3, 1],
      strides: 2,
      padding: 'valid',
      activation: 'relu',
      inputShape: [7, 7, 2],
    });
    tf.sequential({ layers: [layer] });
    const spec = readConvSpec(layer)!;
    expect(spec).toMatchObject({
      depthwise: false,
      strides: [2, 2],
      padding: 'valid',
      dilation: [1, 1],
      activation: 'relu',
    });
    expect(spec.kernel.shape).toEqual([3, 1, 2, 5]);
    expect(spec.bias?.shape).toEqual([5]);
    expect(pair([3, 1])).toEqual([3, 1]);
  });

  it('refuses what the plan cannot run: channels-first, a sigmoid inside the conv', () => {
    const channelsFirst = tf.layers.conv2d({
      filters: 2,
      kernelSize: 3,
      dataFormat: 'channelsFirst',
      inputShape: [2, 6, 6],
    });
    const sigmoid = tf.layers.conv2d({
      filters: 2,
      kernelSize: 3,
      activation: 'sigmoid',
      inputShape: [6, 6, 2],
    });
    tf.sequential({ layers: [channelsFirst] });
    tf.sequential({ layers: [sigmoid] });
    expect(readConvSpec(channelsFirst)).toBeNull();
    expect(readConvSpec(sigmoid)).toBeNull();
  });
});

describe('foldBatchNorm', () => {
  it.each([
    ['conv2d', () => tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same' })],
    [
      'depthwiseConv2d',
      () => tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same' }),
    ],
  ] as const)('%s: one conv gives what conv then batch-norm gives', (_name, make) => {
    const conv = make();
    const { model, bn } = convThenBatchNorm(conv);
    const x = tf.tensor4d(randomArray(2 * 6 * 6 * 3), [2, 6, 6, 3]);
    const expected = (model.apply(x, { training: false }) as tf.Tensor).dataSync();
    const spec = readConvSpec(conv)!;
    const folded = foldBatchNorm(spec, bn);
    expect(folded.kernel).not.toBe(spec.kernel);
    const actual = runConv(folded, x).dataSync();
    expect(relativeError(actual as Float32Array, expected as Float32Array)).toBeLessThan(1e-5);
    tf.dispose([folded.kernel, folded.bias!, x]);
    // The model's own weights are untouched.
    expect(conv.getWeights()[0]!.isDisposed).toBe(false);
    model.dispose();
  });
});
