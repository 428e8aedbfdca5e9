// Each gradient kernel we register on wasm must equal the cpu backend's own kernel on fresh
// random inputs. The seed is new every run and printed with any failure so it can be replayed.
import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from './select-backend.ts';

const seed = Number(process.env.GRADIENT_TEST_SEED ?? Math.floor(Math.random() * 2 ** 31));

function mulberry32(start: number): () => number {
  let a = start >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(seed);
const randomArray = (n: number) => Float32Array.from({ length: n }, () => random() * 2 - 1);
const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** Runs one kernel on a backend with inputs created there from the same numbers. */
async function runOn(
  backend: 'cpu' | 'wasm',
  kernelName: string,
  inputs: Record<string, { shape: number[]; values: Float32Array }>,
  attrs: Record<string, unknown>,
): Promise<{ shape: number[]; values: Float32Array }> {
  await tf.setBackend(backend);
  const tensors: tf.NamedTensorMap = {};
  for (const [name, input] of Object.entries(inputs)) {
    tensors[name] = tf.tensor(input.values, input.shape);
  }
  const out = tf.engine().runKernel(kernelName, tensors, attrs as tf.NamedAttrMap) as tf.Tensor;
  const result = { shape: out.shape, values: (await out.data()) as Float32Array };
  tf.dispose([out, ...Object.values(tensors)]);
  return result;
}

function relativeError(actual: Float32Array, expected: Float32Array): number {
  let maxDiff = 0;
  let maxRef = 0;
  for (let i = 0; i < expected.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs((actual[i] ?? NaN) - (expected[i] ?? NaN)));
    maxRef = Math.max(maxRef, Math.abs(expected[i] ?? 0));
  }
  return maxDiff / Math.max(maxRef, 1e-12);
}

interface Case {
  kernel: number;
  stride: number;
  pad: 'same' | 'valid';
}
const cases: Case[] = [];
for (const kernel of [1, 3, 5, 7]) {
  for (const stride of [1, 2]) {
    for (const pad of ['same', 'valid'] as const) cases.push({ kernel, stride, pad });
  }
}

// Odd, unequal spatial sizes make 'same' padding asymmetric, the case most easily got wrong.
const inputShape: [number, number, number, number] = [2, 11, 10, 3];

function outputShape(c: Case, channels: number): [number, number, number, number] {
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    [c.kernel, c.kernel, inputShape[3], channels],
    c.stride,
    1,
    c.pad,
  );
  return [inputShape[0], info.outHeight, info.outWidth, channels];
}

async function compare(
  kernelName: string,
  inputs: Record<string, number[]>,
  attrs: Record<string, unknown>,
) {
  const named = Object.fromEntries(
    Object.entries(inputs).map(([k, shape]) => [k, { shape, values: randomArray(size(shape)) }]),
  );
  const expected = await runOn('cpu', kernelName, named, attrs);
  const actual = await runOn('wasm', kernelName, named, attrs);
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
