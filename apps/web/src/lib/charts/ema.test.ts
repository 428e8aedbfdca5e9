import { describe, expect, it } from 'vitest';
import { emaSmooth } from './ema';

describe('emaSmooth', () => {
  it('returns the values unchanged with weight 0', () => {
    expect(emaSmooth([1, null, 3], 0)).toEqual([1, null, 3]);
  });

  it('is debiased: the first smoothed value is the first value, not weight * 0 + ...', () => {
    const out = emaSmooth([10, 20, 30], 0.6);
    expect(out[0]).toBeCloseTo(10, 12);
    // TensorBoard: last = 0.6*4 + 0.4*20 = 10.4 ; debias 1 - 0.36 = 0.64 -> 16.25
    expect(out[1]).toBeCloseTo(16.25, 12);
    // last = 0.6*10.4 + 0.4*30 = 18.24 ; debias 1 - 0.216 = 0.784 -> 23.265...
    expect(out[2]).toBeCloseTo(18.24 / 0.784, 12);
  });

  it('keeps gaps as gaps and does not let them feed the average', () => {
    const withGap = emaSmooth([10, null, 20], 0.5);
    const without = emaSmooth([10, 20], 0.5);
    expect(withGap[1]).toBeNull();
    expect(withGap[0]).toBeCloseTo(without[0]!, 12);
    expect(withGap[2]).toBeCloseTo(without[1]!, 12);
  });

  it('turns non-finite values into gaps', () => {
    expect(emaSmooth([1, Number.NaN, Number.POSITIVE_INFINITY, 1], 0.5)).toEqual([
      1,
      null,
      null,
      1,
    ]);
  });

  it('leaves a constant series exactly constant', () => {
    expect(emaSmooth([0.1, 0.1, null, 0.1], 0.9)).toEqual([0.1, 0.1, null, 0.1]);
  });

  it('lags behind a step change and approaches it', () => {
    const out = emaSmooth([0, 0, 0, 1, 1, 1, 1, 1, 1, 1], 0.5);
    expect(out[3]!).toBeGreaterThan(0);
    expect(out[3]!).toBeLessThan(1);
    expect(out[9]!).toBeGreaterThan(out[4]!);
    expect(out[9]!).toBeGreaterThan(0.99);
  });
});
