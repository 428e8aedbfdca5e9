import { describe, expect, it } from 'vitest';
import type { CurvePoint } from './curve-series';
import { nearestPoint } from './nearest-point';

const point = (x: number): CurvePoint => ({ x, step: x, value: x, smoothed: x, band: null });

describe('nearestPoint', () => {
  const points = [0, 10, 20, 30].map(point);

  it('finds the closest x, ties to the earlier point', () => {
    expect(nearestPoint(points, 14)?.x).toBe(10);
    expect(nearestPoint(points, 15)?.x).toBe(10);
    expect(nearestPoint(points, 16)?.x).toBe(20);
    expect(nearestPoint(points, -5)?.x).toBe(0);
    expect(nearestPoint(points, 99)?.x).toBe(30);
  });

  it('gives nothing beyond the allowed distance or for no points', () => {
    expect(nearestPoint(points, 99, 5)).toBeNull();
    expect(nearestPoint([], 1)).toBeNull();
  });
});
