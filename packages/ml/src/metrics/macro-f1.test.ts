import { describe, expect, it } from 'vitest';
import { evaluate } from './classification-metrics.ts';
import {
  f1FromCounts,
  MACRO_F1_TOLERANCE,
  macroF1FromPerClass,
  macroF1Mismatch,
} from './macro-f1.ts';

describe('the macro F1 definition', () => {
  it('is the mean over every class, a class without support counting as 0', () => {
    // Class 2 has no positive sample and none predicted: F1 0, and it still counts.
    const report = evaluate([1, 0, 0, 0, 1, 0], [0.9, 0.1, 0.1, 0.2, 0.8, 0.1], [0.5, 0.5, 0.5]);
    expect(report.perClass.support).toEqual([1, 1, 0]);
    expect(report.perClass.f1).toEqual([1, 1, 0]);
    expect(report.macroF1).toBeCloseTo(2 / 3, 12);
    expect(macroF1FromPerClass(report.perClass.f1)).toBe(report.macroF1);
  });

  it('gives F1 0 to a class without support even when it was predicted', () => {
    expect(f1FromCounts(0, 3, 0)).toBe(0);
    expect(f1FromCounts(0, 0, 0)).toBe(0);
    expect(f1FromCounts(2, 1, 1)).toBeCloseTo(4 / 6, 12);
  });

  it('refuses an empty list rather than answering NaN', () => {
    expect(() => macroF1FromPerClass([])).toThrow(/no per-class F1/);
  });

  it('names both numbers when a stated macro F1 contradicts its per-class F1s', () => {
    const f1 = [0.5, 0.75, 1, 0.45];
    expect(macroF1Mismatch(0.675, f1)).toBeNull();
    expect(macroF1Mismatch(0.675 + MACRO_F1_TOLERANCE / 2, f1)).toBeNull();
    const message = macroF1Mismatch(0.52, f1);
    expect(message).toContain('0.52');
    expect(message).toContain('0.675');
  });
});
