// bfloat16 convolutions (setConvPrecision): each of the three convolution calls gives what a
// float32 convolution of its inputs rounded to bfloat16 gives (float32 accumulation), not the
// float32 result of the unrounded inputs (so bfloat16 really ran); and a CPU without native
// bfloat16 is refused naming its flag. oneDNN's
// DNNL_MAX_CPU_ISA makes this machine such a CPU for a child process.
import { spawnSync } from 'node:child_process';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addonPath, loadOnednnKernels, type OnednnKernels } from '../src/index.ts';
import { onednnTestsRun } from '../src/testing.ts';

let addon: OnednnKernels;
beforeAll(() => {
  if (onednnTestsRun()) addon = loadOnednnKernels();
});
afterEach(() => {
  addon?.setConvPrecision('float32');
});

const values = (n: number, k: number) =>
  Float32Array.from({ length: n }, (_, i) => Math.sin(i * k + 0.3));

/** Round to nearest even at bfloat16's 8 significant bits, as oneDNN's reorder does. */
function toBf16(values: Float32Array): Float32Array {
  const out = Float32Array.from(values);
  const bits = new Uint32Array(out.buffer);
  for (let i = 0; i < bits.length; i++) {
    const b = bits[i]!;
    bits[i] = (b + 0x7fff + ((b >>> 16) & 1)) & 0xffff0000;
  }
  return out;
}

/** Largest |a - b| over the largest |b|. */
function relativeError(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / scale;
}

/**
 * Runs `call(inputs, out)` in bfloat16, in float32, and in float32 on the inputs rounded to
 * bfloat16 (the reference), each into a fresh output of `size` floats.
 */
function threeWays(
  size: number,
  inputs: Float32Array[],
  call: (inputs: Float32Array[], out: Float32Array) => void,
) {
  const run = (precision: 'float32' | 'bfloat16', these: Float32Array[]) => {
    const out = new Float32Array(size);
    addon.setConvPrecision(precision);
    call(these, out);
    return out;
  };
  const bf16 = run('bfloat16', inputs);
  const f32 = run('float32', inputs);
  const reference = run('float32', inputs.map(toBf16));
  return { bf16, f32, reference };
}

/** bf16 is the reference up to float32 summation order, and measurably not plain float32. */
function expectBf16({ bf16, f32, reference }: ReturnType<typeof threeWays>) {
  expect(relativeError(bf16, reference)).toBeLessThan(1e-5);
  expect(relativeError(bf16, f32)).toBeGreaterThan(1e-4);
}

describe.skipIf(!onednnTestsRun())('bfloat16 convolutions', () => {
  // batch 2, 12x12 input with 16 channels, 3x3 filter to 32 channels, stride 1, padding 1
  const geometry = [2, 12, 12, 16, 3, 3, 32, 12, 12, 1, 1, 1, 1, 1, 1, 1, 1];
  const x = values(2 * 12 * 12 * 16, 0.37);
  const filter = values(3 * 3 * 16 * 32, 0.91);
  const dy = values(2 * 12 * 12 * 32, 0.53);

  it('refuses bfloat16 on a CPU without it, naming the avx512_bf16 flag', () => {
    const script = `const a = require(${JSON.stringify(addonPath)});
      try { a.setConvPrecision('bfloat16'); console.log('accepted'); }
      catch (e) { console.log(e.message); }
      console.log(a.info().bf16, a.info().convPrecision);`;
    const child = spawnSync(process.execPath, ['-e', script], {
      env: { ...process.env, DNNL_MAX_CPU_ISA: 'AVX512_CORE' },
      encoding: 'utf8',
    });
    expect(child.status, child.stderr).toBe(0);
    expect(child.stdout).toContain('need a CPU with the avx512_bf16 flag');
    expect(child.stdout).toContain('false float32');
  });

  it('refuses a precision it does not know', () => {
    expect(() => addon.setConvPrecision('float16' as 'float32')).toThrow(
      "precision must be 'float32' or 'bfloat16'",
    );
  });

  describe.skipIf(onednnTestsRun() && !loadOnednnKernels().info().bf16)(
    'on a CPU with avx512_bf16',
    () => {
      it('reports the precision it computes in', () => {
        addon.setConvPrecision('bfloat16');
        expect(addon.info().convPrecision).toBe('bfloat16');
      });

      it('convolves forward on bfloat16 inputs, the residual added in float32', () => {
        const residual = values(2 * 12 * 12 * 32, 0.11);
        expectBf16(
          threeWays(dy.length, [x, filter], ([xs, fs], out) =>
            addon.conv2dForward(geometry, xs!, fs!, null, 1, out, residual),
          ),
        );
      });

      it('computes the input gradient from bfloat16 gradients and filters', () => {
        expectBf16(
          threeWays(x.length, [dy, filter], ([dys, fs], dx) =>
            addon.conv2dBackwardData(geometry, dys!, fs!, dx),
          ),
        );
      });

      it('computes the filter gradient from bfloat16 inputs and gradients', () => {
        expectBf16(
          threeWays(filter.length, [x, dy], ([xs, dys], dw) =>
            addon.conv2dBackwardFilter(geometry, xs!, dys!, dw),
          ),
        );
      });
    },
  );
});
