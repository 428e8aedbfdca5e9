import { describe, expect, it } from 'vitest';
import { alignSeries, type BucketedSeries } from './curve-buckets.ts';

const series = (
  runId: string,
  buckets: number[],
  lastSteps: number[],
  means: number[],
): BucketedSeries => ({
  runId,
  key: 'loss',
  buckets,
  lastSteps,
  means,
  mins: means.map((m) => m - 1),
  maxs: means.map((m) => m + 1),
  rawCount: buckets.length * 10,
});

describe('alignSeries', () => {
  it('puts every run on the union of buckets, labelled with the last step seen, nulls elsewhere', () => {
    const rows = [
      series('a', [2, 0, 1], [29, 9, 19], [3, 1, 2]),
      series('b', [1, 3], [18, 39], [20, 40]),
    ];
    const curve = alignSeries('loss', ['b', 'a', 'missing'], rows);
    expect(curve.steps).toEqual([9, 19, 29, 39]);
    expect(curve.series.map((s) => s.runId)).toEqual(['b', 'a']);
    expect(curve.series[0]!.values).toEqual([null, 20, null, 40]);
    expect(curve.series[1]!.values).toEqual([1, 2, 3, null]);
    expect(curve.series[1]!.max).toEqual([2, 3, 4, null]);
  });
});
