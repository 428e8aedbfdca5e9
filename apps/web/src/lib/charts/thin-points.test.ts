import { describe, expect, it } from 'vitest';
import type { CurvePoint } from './curve-series';
import { thinPoints } from './thin-points';

function point(step: number, value: number | null, band?: [number, number] | null): CurvePoint {
  return {
    x: step / 10,
    step,
    value,
    smoothed: value === null ? null : value * 2,
    band: band === undefined ? (value === null ? null : [value, value]) : band,
  };
}

describe('thinPoints', () => {
  it('returns short series as they are', () => {
    const points = [point(0, 1), point(1, 2)];
    expect(thinPoints(points, 2)).toBe(points);
  });

  it('merges groups into their mean at the middle point, the band spanning every min and max', () => {
    const points = [
      point(0, 1, [0, 2]),
      point(1, 2, [1.5, 2.5]),
      point(2, 3, [2, 9]),
      point(3, 4, [-1, 4]),
      point(4, 5, [5, 5]),
    ];
    // 5 points, at most 2 drawn: groups of 3 and 2.
    expect(thinPoints(points, 2)).toEqual([
      { x: 0.1, step: 1, value: 2, smoothed: 4, band: [0, 9] },
      { x: 0.3, step: 3, value: 4.5, smoothed: 9, band: [-1, 5] },
    ]);
  });

  it('keeps a group of gaps a gap and averages around a gap inside a group', () => {
    const points = [point(0, null), point(1, null), point(2, 4), point(3, null)];
    expect(thinPoints(points, 2)).toEqual([
      { x: 0, step: 0, value: null, smoothed: null, band: null },
      { x: 0.2, step: 2, value: 4, smoothed: 8, band: [4, 4] },
    ]);
  });

  it('draws 500 buckets as at most 200 points, first and last x kept within a group', () => {
    const points = Array.from({ length: 500 }, (_, i) => point(i * 4, Math.sin(i)));
    const thinned = thinPoints(points);
    expect(thinned.length).toBeLessThanOrEqual(200);
    expect(thinned.length).toBeGreaterThan(100);
    expect(thinned[0]!.step).toBeLessThanOrEqual(8);
    expect(thinned.at(-1)!.step).toBeGreaterThanOrEqual(500 * 4 - 12);
  });
});
