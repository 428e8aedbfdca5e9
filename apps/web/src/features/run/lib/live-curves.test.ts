import { describe, expect, it } from 'vitest';
import { appendLivePoints, liveCursor, mergeLiveCurves, type LivePoints } from './live-curves';

const curve = (key: string, steps: number[]) => ({
  key,
  steps,
  series: [
    {
      runId: 'r',
      values: steps.map((s) => s / 10),
      min: steps.map((s) => s / 10),
      max: steps.map((s) => s / 10),
      rawPointCount: steps.length,
    },
  ],
});

describe('live curves', () => {
  it('draws live points after the server curve once, even when a refresh brings them too', () => {
    let live: LivePoints = new Map();
    live = appendLivePoints(
      live,
      [
        { key: 'loss', step: 3, value: 0.3 },
        { key: 'loss', step: 4, value: 0.4 },
        { key: 'other', step: 1, value: 1 },
      ],
      ['loss'],
    );
    // A repeated delivery adds nothing.
    live = appendLivePoints(live, [{ key: 'loss', step: 4, value: 0.4 }], ['loss']);
    const before = mergeLiveCurves([curve('loss', [0, 1, 2])], live, 'r');
    expect(before[0]!.steps).toEqual([0, 1, 2, 3, 4]);
    expect(before[0]!.series[0]!.values).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
    // The server's refreshed curve already holds step 3: only 4 is added.
    const after = mergeLiveCurves([curve('loss', [0, 1, 2, 3])], live, 'r');
    expect(after[0]!.steps).toEqual([0, 1, 2, 3, 4]);
    expect(after).toHaveLength(1);
  });

  it('adds a curve for a key the server had none of, and resumes from each key', () => {
    const live = appendLivePoints(new Map(), [{ key: 'val', step: 9, value: 0.5 }], ['val']);
    const merged = mergeLiveCurves([curve('loss', [0, 5])], live, 'r');
    expect(merged.map((c) => [c.key, c.steps])).toEqual([
      ['loss', [0, 5]],
      ['val', [9]],
    ]);
    expect(liveCursor(merged, ['loss', 'val', 'lr'])).toEqual({
      after: [
        { key: 'loss', step: 5 },
        { key: 'val', step: 9 },
        { key: 'lr', step: -1 },
      ],
      afterStep: 9,
    });
  });
});
