import { describe, expect, it } from 'vitest';
import type { CompactCurve } from './compare-curves';
import {
  appendRunPoints,
  mergeLiveCompareCurves,
  runCursor,
  type LivePoint,
  type LiveRunPoints,
} from './live-compare-curves';

// Run a logged steps 0-9, run b (running) steps 0-5; buckets of 4 steps labelled with the last
// step any run logged in them: [0-3] -> 3, [4-7] -> 7 (b's own last point is 5), [8-9] -> 9.
const curve = (): CompactCurve => ({
  key: 'loss',
  steps: [3, 7, 9],
  series: [
    {
      runId: 'a',
      rawPointCount: 10,
      values: [1, 2, 3],
      min: [0.5, 1.5, 2.5],
      max: [1.5, 2.5, 3.5],
    },
    {
      runId: 'b',
      rawPointCount: 6,
      values: [4, 5, null],
      min: [3.5, 4.5, null],
      max: [4.5, 5.5, null],
    },
  ],
});

const loss = (step: number): LivePoint => ({ key: 'loss', step, value: step * 10 });

describe('live points on the compare page', () => {
  it("resumes a run before its last bucket, whose label may pass the run's own last step", () => {
    expect(runCursor([curve()], new Map(), 'b')).toEqual({
      after: [{ key: 'loss', step: 3 }],
      afterStep: 3,
    });
    // A run without points on a curve gets all of them; its other curves set afterStep.
    const other: CompactCurve = { key: 'val', steps: [5], series: [] };
    expect(runCursor([curve(), other], new Map(), 'b')).toEqual({
      after: [
        { key: 'loss', step: 3 },
        { key: 'val', step: -1 },
      ],
      afterStep: 3,
    });
  });

  it('replaces the resent last bucket with its points and adds later ones, each once', () => {
    let live: LiveRunPoints = new Map();
    // The stream resends b's steps 4 and 5, then steps 6 and 10 arrive; 5 again is ignored.
    live = appendRunPoints(
      live,
      'b',
      [loss(4), loss(5), { key: 'other', step: 4, value: 1 }],
      ['loss'],
    );
    live = appendRunPoints(live, 'b', [loss(5), loss(6), loss(10)], ['loss']);
    const [merged] = mergeLiveCompareCurves([curve()], live);
    expect(merged!.steps).toEqual([3, 4, 5, 6, 7, 9, 10]);
    const [a, b] = merged!.series;
    expect(a!.values).toEqual([1, null, null, null, 2, 3, null]);
    expect(a!.min).toEqual([0.5, null, null, null, 1.5, 2.5, null]);
    // b's bucket at 7 (the mean of its steps 4 and 5) is gone: those points are drawn instead.
    expect(b!.values).toEqual([4, 40, 50, 60, null, null, 100]);
    expect(b!.max).toEqual([4.5, 40, 50, 60, null, null, 100]);
    expect(runCursor([curve()], live, 'b').after).toEqual([{ key: 'loss', step: 10 }]);
  });

  it('adds a series for a run that had no point on the curve, without a band', () => {
    const live = appendRunPoints(new Map(), 'c', [loss(1), loss(2)], ['loss']);
    const [merged] = mergeLiveCompareCurves([curve()], live);
    expect(merged!.steps).toEqual([1, 2, 3, 7, 9]);
    expect(merged!.series[2]).toEqual({
      runId: 'c',
      rawPointCount: 2,
      values: [10, 20, null, null, null],
      min: [],
      max: [],
    });
  });

  it('leaves the curves as they are until a point arrives', () => {
    const curves = [curve()];
    expect(mergeLiveCompareCurves(curves, new Map())).toBe(curves);
    const live = appendRunPoints(new Map(), 'b', [{ key: 'other', step: 1, value: 1 }], ['loss']);
    expect(live.size).toBe(0);
  });
});
