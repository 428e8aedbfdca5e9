// Each gradient kernel we register on wasm must equal the cpu backend's own kernel on fresh
// random inputs (compare-backends.ts: the seed is printed with any failure).
import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  convCases,
  convInputShape,
  convOutputShape,
  randomArray,
  randomInputs,
  relativeError,
  runOn,
  seed,
  size,
} from './compare-backends.ts';
import { selectBackend } from './select-backend.ts';

const cases = convCases;
const inputShape = convInputShape;
const outputShape = convOutputShape;

async function compare(
  kernelName: string,
  inputs: Record<string, number[]>,
  attrs: Record<string, unknown>,
) {
  const named = randomInputs(inputs);
  const [expected] = await runOn('cpu', kernelName, named, attrs);
  const [actual] = await runOn('wasm', kernelName, named, attrs);
  if (!expected || !actual) throw new Error(`${kernelName} returned no output`);
  expect(actual.shape).toEqual(expected.shape);
  const error = relativeError(actual.values, expected.values);
  expect(error, `${kernelName} ${JSON.stringify(attrs)} seed=${seed}`).toBeLessThan(1e-4);
}

describe(`wasm training kernels equal the cpu backend (seed ${seed})`, () => {
  beforeAll(async () => {
    const selected = await selectBackend({ force: 'wasm' });
    expect(selected.name).toBe('wasm');
    // Threads under Node: tfjs alone would give 1 here (off under Node, capped at cores / 2).
    expect(selected.threads).toBe(Math.min(8, availableParallelism()));
  });

  it.each(cases)('Conv2DBackpropFilter k=$kernel s=$stride $pad', async (c) => {
    const filterShape = [c.kernel, c.kernel, 3, 4];
    await compare(
      tf.Conv2DBackpropFilter,
      { x: inputShape, dy: outputShape(c, 4) },
      { strides: c.stride, pad: c.pad, dataFormat: 'NHWC', filterShape },
    );
  });

  it.each(cases)('Conv2DBackpropInput k=$kernel s=$stride $pad', async (c) => {
    await compare(
      tf.Conv2DBackpropInput,
      { dy: outputShape(c, 4), filter: [c.kernel, c.kernel, 3, 4] },
      { strides: c.stride, pad: c.pad, dataFormat: 'NHWC', inputShape },
    );
  });

  it.each(cases)('DepthwiseConv2dNativeBackpropFilter k=$kernel s=$stride $pad', async (c) => {
    // Channel multiplier 2: dy's channels interleave (channel, multiplier).
    await compare(
      tf.DepthwiseConv2dNativeBackpropFilter,
      { x: inputShape, dy: outputShape(c, 6) },
      { strides: c.stride, pad: c.pad, dilations: 1, filterShape: [c.kernel, c.kernel, 3, 2] },
    );
  });

  it.each(cases)('DepthwiseConv2dNativeBackpropInput k=$kernel s=$stride $pad', async (c) => {
    await compare(
      tf.DepthwiseConv2dNativeBackpropInput,
      { dy: outputShape(c, 6), filter: [c.kernel, c.kernel, 3, 2] },
      { strides: c.stride, pad: c.pad, dilations: 1, inputShape },
    );
  });

  it.each([
    { kernel: 'Sum', axis: [0, 1, 2], keepDims: false },
    { kernel: 'Sum', axis: [0, 1, 2], keepDims: true },
    { kernel: 'Mean', axis: [0, 1, 2], keepDims: true },
    { kernel: 'Mean', axis: [0, 1], keepDims: false },
    { kernel: 'Sum', axis: [1, 2], keepDims: false }, // not leading axes: stock kernel
    { kernel: 'Mean', axis: [3], keepDims: false },
  ])('$kernel over $axis (keepDims $keepDims) equals cpu', async ({ kernel, axis, keepDims }) => {
    await compare(kernel, { x: [4, 9, 7, 5] }, { axis, keepDims });
  });

  it('gives the same gradients through conv + batch norm + depthwise as cpu', async () => {
    const values = {
      x: randomArray(size(inputShape)),
      w: randomArray(3 * 3 * 3 * 8),
      dw: randomArray(3 * 3 * 8),
      scale: randomArray(8),
      offset: randomArray(8),
    };
    const gradients = async (backend: 'cpu' | 'wasm') => {
      await tf.setBackend(backend);
      const x = tf.tensor4d(values.x, inputShape);
      const w = tf.tensor4d(values.w, [3, 3, 3, 8]);
      const dw = tf.tensor4d(values.dw, [3, 3, 8, 1]);
      const scale = tf.tensor1d(values.scale);
      // tfjs's tape cannot differentiate batchNorm without an offset, so always pass one.
      const offset = tf.tensor1d(values.offset);
      const f = (xIn: tf.Tensor, wIn: tf.Tensor, dwIn: tf.Tensor, scaleIn: tf.Tensor) => {
        const y = tf.conv2d(xIn as tf.Tensor4D, wIn as tf.Tensor4D, 2, 'same');
        const { mean, variance } = tf.moments(y, [0, 1, 2]);
        const normalized = tf.batchNorm(y, mean, variance, offset, scaleIn, 1e-3);
        const z = tf.depthwiseConv2d(
          tf.relu(normalized) as tf.Tensor4D,
          dwIn as tf.Tensor4D,
          1,
          'same',
        );
        return tf.sum(tf.square(z));
      };
      const grads = tf.grads(f)([x, w, dw, scale]);
      const data = await Promise.all(grads.map((g) => g.data() as Promise<Float32Array>));
      tf.dispose([x, w, dw, scale, offset, ...grads]);
      return data;
    };
    const expected = await gradients('cpu');
    const actual = await gradients('wasm');
    expected.forEach((e, i) => {
      expect(relativeError(actual[i]!, e), `gradient ${i} seed=${seed}`).toBeLessThan(1e-4);
    });
  });
});
