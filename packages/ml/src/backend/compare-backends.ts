// Test support for kernel tests: run the same kernel on two backends from the same random
// numbers and measure how far apart the results are. The seed is fresh every run (or
// GRADIENT_TEST_SEED) and tests print it with any failure so a failure can be replayed.
import * as tf from '@tensorflow/tfjs';

export const seed = Number(process.env.GRADIENT_TEST_SEED ?? Math.floor(Math.random() * 2 ** 31));

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
/** Uniform in [-1, 1). */
export const randomArray = (n: number) => Float32Array.from({ length: n }, () => random() * 2 - 1);
export const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

export interface HostTensor {
  shape: number[];
  values: Float32Array;
}

/** Runs one kernel on a backend with inputs created there from the same numbers. */
export async function runOn(
  backend: string,
  kernelName: string,
  inputs: Record<string, HostTensor>,
  attrs: Record<string, unknown>,
): Promise<HostTensor[]> {
  await tf.setBackend(backend);
  const tensors: tf.NamedTensorMap = {};
  for (const [name, input] of Object.entries(inputs)) {
    tensors[name] = tf.tensor(input.values, input.shape);
  }
  const result = tf.engine().runKernel(kernelName, tensors, attrs as tf.NamedAttrMap);
  const outputs = Array.isArray(result) ? result : [result];
  const host = await Promise.all(
    outputs.map(async (out) => ({ shape: out.shape, values: (await out.data()) as Float32Array })),
  );
  tf.dispose([...outputs, ...Object.values(tensors)]);
  return host;
}

/** max |actual - expected| / max |expected|: 0 for equal arrays, NaN-safe (NaN fails). */
export function relativeError(actual: Float32Array, expected: Float32Array): number {
  if (actual.length !== expected.length) return Infinity;
  let maxDiff = 0;
  let maxRef = 0;
  for (let i = 0; i < expected.length; i++) {
    const diff = Math.abs((actual[i] ?? NaN) - (expected[i] ?? NaN));
    maxDiff = Number.isNaN(diff) ? Infinity : Math.max(maxDiff, diff);
    maxRef = Math.max(maxRef, Math.abs(expected[i] ?? 0));
  }
  return maxDiff / Math.max(maxRef, 1e-12);
}

/** Random inputs of the given shapes, the same for every backend they are run on. */
export function randomInputs(shapes: Record<string, number[]>): Record<string, HostTensor> {
  return Object.fromEntries(
    Object.entries(shapes).map(([k, shape]) => [k, { shape, values: randomArray(size(shape)) }]),
  );
}

/** The grid every convolution kernel test covers: kernel 1/3/5/7, stride 1/2, same/valid. */
export interface ConvCase {
  kernel: number;
  stride: number;
  pad: 'same' | 'valid';
}
export const convCases: ConvCase[] = [1, 3, 5, 7].flatMap((kernel) =>
  [1, 2].flatMap((stride) => (['same', 'valid'] as const).map((pad) => ({ kernel, stride, pad }))),
);
/** Odd, unequal spatial sizes make 'same' padding asymmetric, the case most easily got wrong. */
export const convInputShape: [number, number, number, number] = [2, 11, 10, 3];

/** The output shape of `c` applied to convInputShape with `channels` output channels. */
export function convOutputShape(
  c: ConvCase,
  channels: number,
  dilation = 1,
): [number, number, number, number] {
  const info = tf.backend_util.computeConv2DInfo(
    convInputShape,
    [c.kernel, c.kernel, convInputShape[3], channels],
    c.stride,
    dilation,
    c.pad,
  );
  return [convInputShape[0], info.outHeight, info.outWidth, channels];
}
