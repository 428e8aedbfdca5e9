import { describe, expect, it } from 'vitest';
import { bootstrapF1DifferenceInterval, bootstrapF1Interval } from './bootstrap.ts';
import { confusionCounts, perClassMetrics } from './classification-metrics.ts';

// A 2-class problem: class 0 common, class 1 rare. Each sample is predicted right with
// probability `accuracy` (a fixed pseudo-random pattern, so the test is repeatable).
function synthetic(samples: number, accuracy: number) {
  const truth = new Uint8Array(samples * 2);
  const predicted = new Uint8Array(samples * 2);
  let state = 12345;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296;
  for (let s = 0; s < samples; s++) {
    truth[s * 2] = next() < 0.4 ? 1 : 0;
    truth[s * 2 + 1] = next() < 0.05 ? 1 : 0;
    for (const c of [0, 1]) {
      const t = truth[s * 2 + c]!;
      predicted[s * 2 + c] = next() < accuracy ? t : 1 - t;
    }
  }
  return { truth, predicted };
}

describe('bootstrapF1Interval', () => {
  it("estimates the class's F1 on the data as given and brackets it", () => {
    const { truth, predicted } = synthetic(400, 0.9);
    const f1 = perClassMetrics(confusionCounts(truth, predicted, 2)).f1;
    const one = bootstrapF1Interval(truth, predicted, { classIds: [1], classes: 2, seed: 1 });
    expect(one.estimate).toBeCloseTo(f1[1]!, 12);
    expect(one.low).toBeLessThanOrEqual(one.estimate);
    expect(one.high).toBeGreaterThanOrEqual(one.estimate);
    expect(one.high - one.low).toBeGreaterThan(0);
    expect(one).toMatchObject({ level: 0.9, resamples: 1000 });
    const both = bootstrapF1Interval(truth, predicted, { classIds: [0, 1], classes: 2, seed: 1 });
    expect(both.estimate).toBeCloseTo((f1[0]! + f1[1]!) / 2, 12);
  });

  it('narrows as the number of scored samples grows', () => {
    const widths = [200, 2000, 20000].map((n) => {
      const { truth, predicted } = synthetic(n, 0.85);
      const interval = bootstrapF1Interval(truth, predicted, {
        classIds: [1],
        classes: 2,
        seed: 'n',
        resamples: 300,
      });
      expect(interval.low).toBeLessThanOrEqual(interval.estimate);
      expect(interval.high).toBeGreaterThanOrEqual(interval.estimate);
      return interval.high - interval.low;
    });
    expect(widths[1]).toBeLessThan(widths[0]! * 0.6);
    expect(widths[2]).toBeLessThan(widths[1]! * 0.6);
  });

  it('is a wider interval at a higher level, and the same for the same seed', () => {
    const { truth, predicted } = synthetic(500, 0.8);
    const options = { classIds: [1], classes: 2, seed: 3 };
    const ninety = bootstrapF1Interval(truth, predicted, options);
    expect(bootstrapF1Interval(truth, predicted, options)).toEqual(ninety);
    const ninetyNine = bootstrapF1Interval(truth, predicted, { ...options, level: 0.99 });
    expect(ninetyNine.low).toBeLessThanOrEqual(ninety.low);
    expect(ninetyNine.high).toBeGreaterThanOrEqual(ninety.high);
  });

  it('is [0, 0] for a class never predicted right', () => {
    const truth = Uint8Array.from([1, 0, 0, 0, 1, 0]);
    const predicted = Uint8Array.from([0, 1, 0, 0, 0, 0]);
    expect(bootstrapF1Interval(truth, predicted, { classIds: [0], classes: 1, seed: 1 })).toEqual({
      estimate: 0,
      low: 0,
      high: 0,
      level: 0.9,
      resamples: 1000,
    });
  });

  it('names the bad argument', () => {
    const truth = new Uint8Array(4);
    const options = { classIds: [0], classes: 2, seed: 1 };
    expect(() => bootstrapF1Interval(truth, new Uint8Array(2), options)).toThrow(/samples x 2/);
    expect(() => bootstrapF1Interval(truth, truth, { ...options, classIds: [2] })).toThrow(
      /class 2 is not in 0..1/,
    );
    expect(() => bootstrapF1Interval(truth, truth, { ...options, level: 1 })).toThrow(/level/);
    expect(() => bootstrapF1Interval(truth, truth, { ...options, resamples: 5 })).toThrow(
      /resamples/,
    );
  });
});

describe('bootstrapF1DifferenceInterval', () => {
  const options = { classIds: [0, 1], classes: 2, seed: 7 };

  it('is the difference of the two mean F1s, bracketed', () => {
    const { truth, predicted: better } = synthetic(600, 0.95);
    const worse = synthetic(600, 0.8).predicted;
    const a = bootstrapF1Interval(truth, better, options).estimate;
    const b = bootstrapF1Interval(truth, worse, options).estimate;
    const gain = bootstrapF1DifferenceInterval(truth, better, worse, options);
    expect(gain.estimate).toBeCloseTo(a - b, 12);
    expect(gain.low).toBeLessThanOrEqual(gain.estimate);
    expect(gain.high).toBeGreaterThanOrEqual(gain.estimate);
  });

  it('is exactly [0, 0] for a prediction against itself: the resamples are paired', () => {
    const { truth, predicted } = synthetic(300, 0.85);
    const same = bootstrapF1DifferenceInterval(truth, predicted, predicted.slice(), options);
    expect(same).toMatchObject({ estimate: 0, low: 0, high: 0 });
  });

  it('is narrower than the two intervals it compares when the predictions share errors', () => {
    const { truth, predicted } = synthetic(600, 0.85);
    // The second prediction differs from the first on every 20th sample only.
    const second = predicted.slice();
    for (let i = 0; i < second.length; i += 40) second[i] = 1 - second[i]!;
    const first = bootstrapF1Interval(truth, predicted, options);
    const gain = bootstrapF1DifferenceInterval(truth, predicted, second, options);
    expect(gain.high - gain.low).toBeLessThan((first.high - first.low) / 2);
  });

  it('names a prediction of the wrong size', () => {
    const truth = new Uint8Array(4);
    expect(() => bootstrapF1DifferenceInterval(truth, truth, new Uint8Array(6), options)).toThrow(
      /predicted \(6\) must both be samples x 2/,
    );
  });
});
