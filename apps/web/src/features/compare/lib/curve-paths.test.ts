import { describe, expect, it } from 'vitest';
import type { CurvePoint } from '@/lib/charts/curve-series';
import {
  bandPath,
  linePath,
  linearTicks,
  logTicks,
  niceDomain,
  project,
  valueExtent,
  type AxisMap,
} from './curve-paths';

const x: AxisMap = { domain: [0, 10], range: [50, 150], log: false };
const y: AxisMap = { domain: [0, 1], range: [200, 100], log: false };

const point = (at: number, value: number | null, band: [number, number] | null = null) =>
  ({ x: at, step: at, value, smoothed: value, band }) satisfies CurvePoint;

describe('curve paths', () => {
  it('maps data to pixels, y upwards, log10 when asked', () => {
    expect(project(x, 5)).toBe(100);
    expect(project(y, 0.25)).toBe(175);
    expect(project({ domain: [1, 100], range: [0, 100], log: true }, 10)).toBe(50);
  });

  it('draws a line with a new subpath after each gap', () => {
    const points = [point(0, 0), point(1, 0.5), point(2, null), point(3, 1), point(4, 0.5)];
    expect(linePath(points, 'value', x, y)).toBe('M50,200L60,150M80,100L90,150');
    expect(linePath([point(0, null)], 'value', x, y)).toBe('');
  });

  it('leaves out values a log axis cannot show', () => {
    const log: AxisMap = { domain: [0.1, 10], range: [200, 100], log: true };
    expect(linePath([point(0, 0), point(1, 1), point(2, 10)], 'value', x, log)).toBe(
      'M60,150L70,100',
    );
  });

  it('closes a band per stretch of buckets that have one', () => {
    const points = [point(0, 0.5, [0, 1]), point(1, 0.5, [0.25, 0.75]), point(2, null)];
    expect(bandPath(points, x, y)).toBe('M50,100L60,125L60,175L50,200Z');
    // A single bucket has no width to fill.
    expect(bandPath([point(0, 0.5, [0, 1])], x, y)).toBe('');
  });

  it('spans values, smoothed values and, when shown, the bands of downsampled series', () => {
    const series = [{ points: [point(0, 0.5, [0.2, 0.9]), point(1, 0.6)], downsampled: true }];
    expect(valueExtent(series, true)).toEqual([0.2, 0.9]);
    expect(valueExtent(series, false)).toEqual([0.5, 0.6]);
    expect(valueExtent([{ points: [point(0, null)], downsampled: false }], true)).toBeNull();
  });

  it('rounds a domain out to steps of 1, 2, 2.5 or 5', () => {
    expect(niceDomain([0.12, 0.93])).toEqual([0, 1]);
    expect(niceDomain([3, 17])).toEqual([0, 20]);
    expect(niceDomain([0.04, 0.5])).toEqual([0, 0.6]);
    expect(niceDomain([5, 5])).toEqual([4.5, 5.5]);
    expect(niceDomain([0, 0])).toEqual([-1, 1]);
  });

  it('ticks round numbers inside a domain', () => {
    expect(linearTicks([0, 1])).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(linearTicks([1, 400])).toEqual([100, 200, 300, 400]);
    expect(linearTicks([100, 300])).toEqual([100, 150, 200, 250, 300]);
    expect(logTicks([0.01, 100])).toEqual([0.01, 0.1, 1, 10, 100]);
    expect(logTicks([0.1, 1])).toEqual([0.1, 0.2, 0.5, 1]);
  });
});
