// The native inference network (inferenceNetCreate / inferenceNetRun) against the addon's own
// single kernels, which addon.test.ts checks against direct loops (and packages/ml against
// tfjs's cpu backend): conv + ReLU, max-pool, conv + residual + ReLU, mean, chained. And a
// spec that does not chain is refused with a message naming the step and the field.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadOnednnKernels, type InferenceNetSpec, type OnednnKernels } from '../src/index.ts';
import { onednnTestsRun } from '../src/testing.ts';

let addon: OnednnKernels;
beforeAll(() => {
  if (onednnTestsRun()) addon = loadOnednnKernels();
});

const values = (n: number, k: number) =>
  Float32Array.from({ length: n }, (_, i) => Math.sin(i * k));

const batch = 3;
// 9x9x3 -> conv 3x3/2 same to 5x5x16 (+ bias, relu) -> max-pool 3x3/1 same -> 5x5x16
// -> conv 3x3/1 same 16->16 + residual (the pool output) + relu -> mean -> 1x1x16
const stem = [batch, 9, 9, 3, 3, 3, 16, 5, 5, 2, 2, 1, 1, 1, 1, 1, 1];
const pool = [batch, 5, 5, 16, 5, 5, 3, 3, 1, 1, 1, 1, 1, 1];
const block = [batch, 5, 5, 16, 3, 3, 16, 5, 5, 1, 1, 1, 1, 1, 1, 1, 1];
const stemFilter = values(3 * 3 * 3 * 16, 0.71);
const stemBias = values(16, 0.3);
const blockFilter = values(3 * 3 * 16 * 16, 0.37).map((v) => v * 0.2);
const x = values(batch * 9 * 9 * 3, 0.13);

function spec(): InferenceNetSpec {
  return {
    input: 0,
    inputShape: [9, 9, 3],
    output: 4,
    steps: [
      {
        kind: 'conv',
        input: 0,
        output: 1,
        geometry: stem,
        filter: stemFilter,
        bias: stemBias,
        activation: 1,
      },
      { kind: 'maxPool', input: 1, output: 2, geometry: pool },
      {
        kind: 'conv',
        input: 2,
        output: 3,
        residual: 2,
        geometry: block,
        filter: blockFilter,
        bias: null,
        activation: 1,
      },
      { kind: 'mean', input: 3, output: 4 },
    ],
  };
}

/** The same network, one addon kernel at a time in NHWC. */
function stepByStep(): Float32Array {
  const a = new Float32Array(batch * 5 * 5 * 16);
  addon.conv2dForward(stem, x, stemFilter, stemBias, 1, a);
  const p = new Float32Array(a.length);
  addon.maxPool(pool, a, p);
  const b = new Float32Array(a.length);
  addon.conv2dForward(block, p, blockFilter, null, 1, b, p);
  const mean = new Float32Array(batch * 16);
  for (let i = 0; i < batch * 25; i++) {
    for (let c = 0; c < 16; c++) mean[Math.floor(i / 25) * 16 + c]! += b[i * 16 + c]! / 25;
  }
  return mean;
}

describe.skipIf(!onednnTestsRun())('inference network', () => {
  it('gives what the single kernels give, and again on the next run', () => {
    const net = addon.inferenceNetCreate(spec());
    expect(addon.inferenceNetShapes(net)).toEqual({ input: [9, 9, 3], output: [1, 1, 16] });
    const out = new Float32Array(batch * 16);
    addon.inferenceNetRun(net, batch, x, out);
    const expected = stepByStep();
    out.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 4));
    expect(expected.some((v) => v !== 0)).toBe(true);
    // Buffers are reused between runs: the second run must not see the first's leftovers
    // (the residual is summed in place).
    const again = new Float32Array(out.length);
    addon.inferenceNetRun(net, batch, x, again);
    expect(Array.from(again)).toEqual(Array.from(out));
    // Another batch size builds its own primitives; image 0 comes out the same.
    const one = new Float32Array(16);
    addon.inferenceNetRun(net, 1, x, one);
    one.forEach((v, i) => expect(v).toBeCloseTo(out[i]!, 5));
  });

  it('gives the same numbers with Winograd off (direct convolutions only), to rounding', () => {
    const winograd = new Float32Array(batch * 16);
    addon.inferenceNetRun(addon.inferenceNetCreate(spec()), batch, x, winograd);
    const direct = new Float32Array(batch * 16);
    addon.inferenceNetRun(
      addon.inferenceNetCreate({ ...spec(), winograd: false }),
      batch,
      x,
      direct,
    );
    direct.forEach((v, i) => expect(v).toBeCloseTo(winograd[i]!, 5));
    expect(() =>
      addon.inferenceNetCreate({ ...spec(), winograd: 'yes' as unknown as boolean }),
    ).toThrow(/winograd must be a boolean/);
  });

  it('leaves its input alone', () => {
    const net = addon.inferenceNetCreate(spec());
    const input = x.slice();
    addon.inferenceNetRun(net, batch, input, new Float32Array(batch * 16));
    expect(Array.from(input)).toEqual(Array.from(x));
  });

  it('ends at an intermediate value when asked (NHWC out)', () => {
    const net = addon.inferenceNetCreate({ ...spec(), output: 1, steps: spec().steps.slice(0, 1) });
    const out = new Float32Array(batch * 5 * 5 * 16);
    addon.inferenceNetRun(net, batch, x, out);
    const expected = new Float32Array(out.length);
    addon.conv2dForward(stem, x, stemFilter, stemBias, 1, expected);
    out.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
  });

  it('refuses a spec whose steps do not chain, naming the step and the field', () => {
    const with_ = (i: number, change: Record<string, unknown>): InferenceNetSpec => {
      const s = spec();
      return {
        ...s,
        steps: s.steps.map((step, j) => (j === i ? { ...step, ...change } : step)),
      } as InferenceNetSpec;
    };
    expect(() => addon.inferenceNetCreate(with_(1, { input: 7 }))).toThrow(
      /step 1: input 7 is not the input or an earlier step's output/,
    );
    expect(() => addon.inferenceNetCreate(with_(2, { residual: 0 }))).toThrow(
      /step 2: residual 0 is 9x9x3, the output is 5x5x16/,
    );
    expect(() => addon.inferenceNetCreate(with_(0, { filter: stemFilter.subarray(1) }))).toThrow(
      /step 0: filter holds 431 floats, the geometry needs 432/,
    );
    expect(() => addon.inferenceNetCreate(with_(0, { bias: stemBias.subarray(1) }))).toThrow(
      /step 0: bias holds 15 floats, the convolution has 16 output channels/,
    );
    expect(() => addon.inferenceNetCreate(with_(2, { input: 0 }))).toThrow(
      /step 2: the geometry expects input 5x5x16, value 0 is 9x9x3/,
    );
    expect(() => addon.inferenceNetCreate(with_(1, { output: 1 }))).toThrow(
      /step 1: output 1 is already defined/,
    );
    expect(() => addon.inferenceNetCreate(with_(3, { kind: 'avgPool' }))).toThrow(
      /steps\[3\].kind must be conv, maxPool or mean, got avgPool/,
    );
    expect(() => addon.inferenceNetCreate(with_(0, { activation: 5 }))).toThrow(
      /steps\[0\].activation must be 0 \(linear\), 1 \(relu\) or 2 \(relu6\)/,
    );
    const wrongSize = [...stem];
    wrongSize[7] = 7; // 9 rows, 3x3 stride 2 same: 5 rows out, not 7
    expect(() => addon.inferenceNetCreate(with_(0, { geometry: wrongSize }))).toThrow(
      /step 0: geometry: output 7x5 does not follow from input 9x9/,
    );
    expect(() => addon.inferenceNetCreate({ ...spec(), output: 9 })).toThrow(
      /step 4: output 9 is not the input or an earlier step's output/,
    );
    const { input: _input, ...noInput } = spec();
    expect(() => addon.inferenceNetCreate(noInput as InferenceNetSpec)).toThrow(/input is missing/);
  });

  it('refuses a run whose buffers are shorter than the batch needs', () => {
    const net = addon.inferenceNetCreate(spec());
    expect(() =>
      addon.inferenceNetRun(net, batch, x.subarray(1), new Float32Array(batch * 16)),
    ).toThrow(/x holds 728 floats, the shape needs 729/);
    expect(() => addon.inferenceNetRun(net, batch, x, new Float32Array(16))).toThrow(
      /out holds 16 floats, the shape needs 48/,
    );
    expect(() => addon.inferenceNetRun(net, 0, x, new Float32Array(48))).toThrow(
      /batch must be at least 1, got 0/,
    );
    expect(() => addon.inferenceNetRun({} as never, batch, x, new Float32Array(48))).toThrow(
      /net must come from inferenceNetCreate/,
    );
  });
});
