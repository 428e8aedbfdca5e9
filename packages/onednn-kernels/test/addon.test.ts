// The addon on its own, without tfjs: a convolution checked against a direct loop, and bad
// arguments refused with an error that names the argument before any pointer reaches oneDNN.
// (packages/ml checks every kernel against tfjs's cpu backend.)
import { beforeAll, describe, expect, it } from 'vitest';
import { loadOnednnKernels, type OnednnKernels } from '../src/index.ts';
import { onednnTestsRun } from '../src/testing.ts';

let addon: OnednnKernels;
beforeAll(() => {
  if (onednnTestsRun()) addon = loadOnednnKernels();
});

/** NHWC input, HWIO filter, stride 1, no padding: the textbook loop. */
function referenceConv(
  x: Float32Array,
  [n, h, w, ci]: [number, number, number, number],
  f: Float32Array,
  [kh, kw, co]: [number, number, number],
): Float32Array {
  const oh = h - kh + 1;
  const ow = w - kw + 1;
  const out = new Float32Array(n * oh * ow * co);
  for (let b = 0; b < n; b++)
    for (let y = 0; y < oh; y++)
      for (let xx = 0; xx < ow; xx++)
        for (let o = 0; o < co; o++) {
          let sum = 0;
          for (let i = 0; i < kh; i++)
            for (let j = 0; j < kw; j++)
              for (let c = 0; c < ci; c++)
                sum +=
                  x[((b * h + y + i) * w + xx + j) * ci + c]! *
                  f[((i * kw + j) * ci + c) * co + o]!;
          out[((b * oh + y) * ow + xx) * co + o] = sum;
        }
  return out;
}

const values = (n: number, k: number) =>
  Float32Array.from({ length: n }, (_, i) => Math.sin(i * k));

describe.skipIf(!onednnTestsRun())('@hpa-lab/onednn-kernels', () => {
  // batch 2, 6x5 input with 3 channels, 3x3 filter to 4 channels, stride 1, valid: out 4x3
  const geometry = [2, 6, 5, 3, 3, 3, 4, 4, 3, 1, 1, 1, 1, 0, 0, 0, 0];
  const x = values(2 * 6 * 5 * 3, 0.37);
  const filter = values(3 * 3 * 3 * 4, 0.91);

  it('reports its oneDNN version and threads', () => {
    const info = addon.info();
    expect(info.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(info.threads).toBeGreaterThanOrEqual(1);
  });

  it('convolves as the direct loop does, with and without relu', () => {
    const expected = referenceConv(x, [2, 6, 5, 3], filter, [3, 3, 4]);
    const out = new Float32Array(expected.length);
    addon.conv2dForward(geometry, x, filter, null, 0, out);
    out.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 4));
    addon.conv2dForward(geometry, x, filter, null, 1, out);
    out.forEach((v, i) => expect(v).toBeCloseTo(Math.max(expected[i]!, 0), 4));
    addon.conv2dForward(geometry, x, filter, null, 2, out);
    out.forEach((v, i) => expect(v).toBeCloseTo(Math.min(Math.max(expected[i]!, 0), 6), 4));
  });

  it('adds a residual before the activation, in the same call', () => {
    const expected = referenceConv(x, [2, 6, 5, 3], filter, [3, 3, 4]);
    const residual = values(expected.length, 0.53).map((v) => v * 3);
    const out = new Float32Array(expected.length);
    addon.conv2dForward(geometry, x, filter, null, 1, out, residual);
    out.forEach((v, i) => expect(v).toBeCloseTo(Math.max(expected[i]! + residual[i]!, 0), 4));
    expect(() =>
      addon.conv2dForward(geometry, x, filter, null, 1, out, residual.subarray(3)),
    ).toThrow(/residual holds 93 floats/);
  });

  it('gives the same result from a prepared filter, and refuses one prepared for another call', () => {
    const expected = new Float32Array(2 * 4 * 3 * 4);
    addon.conv2dForward(geometry, x, filter, null, 1, expected);
    const prepared = addon.conv2dPrepareFilter(geometry, filter, false, 1, false);
    const out = new Float32Array(expected.length);
    // The filter argument is not read: an all-zero one must not change the result.
    addon.conv2dForward(geometry, x, new Float32Array(filter.length), null, 1, out, null, prepared);
    expect(Array.from(out)).toEqual(Array.from(expected));
    expect(() => addon.conv2dForward(geometry, x, filter, null, 0, out, null, prepared)).toThrow(
      /prepared for another convolution/,
    );
  });

  it('refuses a buffer shorter than its shape, naming it', () => {
    const out = new Float32Array(2 * 4 * 3 * 4);
    expect(() => addon.conv2dForward(geometry, x.subarray(1), filter, null, 0, out)).toThrow(
      /x holds 179 floats, the shape needs 180/,
    );
    expect(() => addon.conv2dForward(geometry, x, filter, null, 0, out.subarray(0, 5))).toThrow(
      /out holds 5 floats/,
    );
  });

  it('refuses a geometry of the wrong length or with a zero size', () => {
    const out = new Float32Array(96);
    expect(() => addon.conv2dForward(geometry.slice(1), x, filter, null, 0, out)).toThrow(
      /geometry must have 17 entries, got 16/,
    );
    const zeroStride = [...geometry];
    zeroStride[9] = 0;
    expect(() => addon.conv2dForward(zeroStride, x, filter, null, 0, out)).toThrow(
      /geometry\[9\] is out of range: 0/,
    );
  });

  it('refuses an unknown activation code', () => {
    const out = new Float32Array(96);
    expect(() => addon.conv2dForward(geometry, x, filter, null, 3 as 0, out)).toThrow(
      /activation must be 0 \(linear\), 1 \(relu\) or 2 \(relu6\)/,
    );
  });

  it('refuses arrays that are not Float32Array', () => {
    const out = new Float32Array(96);
    expect(() =>
      addon.conv2dForward(
        geometry,
        new Float64Array(180) as unknown as Float32Array,
        filter,
        null,
        0,
        out,
      ),
    ).toThrow(/x must be a Float32Array/);
  });

  it('refuses an output size that does not follow from the input, filter and padding', () => {
    const wrongOutput = [...geometry];
    wrongOutput[7] = 9; // 6 rows, 3x3 valid: the output has 4 rows, not 9
    expect(() =>
      addon.conv2dForward(wrongOutput, x, filter, null, 0, new Float32Array(2 * 9 * 3 * 4)),
    ).toThrow(/geometry: output 9x3 does not follow from input 6x5, filter 3x3/);
  });
});
