import { describe, expect, it } from 'vitest';
import { sampleFolds } from './cross-fitting.ts';
import { outOfFoldScores, poolOutOfFold, type FoldPredictions } from './out-of-fold.ts';
import { crossFittedPerClassF1 } from './thresholds.ts';

// 3 classes, 60 samples split over 3 folds; probabilities track the truth with some noise.
function folds(): FoldPredictions[] {
  let state = 7;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296;
  return [0, 1, 2].map((f) => {
    const ids = Array.from({ length: 20 }, (_, i) => `f${f}-s${i}`);
    const labels = new Uint8Array(20 * 3);
    const probabilities = new Float32Array(20 * 3);
    for (let i = 0; i < labels.length; i++) {
      labels[i] = next() < 0.3 ? 1 : 0;
      probabilities[i] = Math.min(1, Math.max(0, 0.6 * labels[i]! + 0.5 * next()));
    }
    return { ids, classes: 3, labels, probabilities };
  });
}

describe('poolOutOfFold', () => {
  it('concatenates the folds in order', () => {
    const parts = folds();
    const pooled = poolOutOfFold(parts, 60);
    expect(pooled.ids).toEqual(parts.flatMap((p) => p.ids));
    expect(Array.from(pooled.labels)).toEqual(parts.flatMap((p) => Array.from(p.labels)));
    expect(Array.from(pooled.probabilities)).toEqual(
      parts.flatMap((p) => Array.from(p.probabilities)),
    );
  });

  it('refuses a sample in two folds, a missing fold, or folds of other class counts', () => {
    const parts = folds();
    expect(() => poolOutOfFold([parts[0]!, parts[0]!])).toThrow(
      /sample f0-s0 is in fold 0 and fold 1/,
    );
    expect(() => poolOutOfFold(parts.slice(0, 2), 60)).toThrow(
      /the folds predict 40 samples, the data set has 60/,
    );
    const two = { ids: ['x'], classes: 2, labels: [0, 1], probabilities: [0.1, 0.9] };
    expect(() => poolOutOfFold([parts[0]!, two])).toThrow(/fold 1 has 2 classes, fold 0 has 3/);
    expect(() => poolOutOfFold([])).toThrow(/no folds/);
  });
});

describe('outOfFoldScores', () => {
  it('is the cross-fitted per-class F1 of the pooled predictions', () => {
    const pooled = poolOutOfFold(folds());
    const scores = outOfFoldScores(pooled);
    const expected = crossFittedPerClassF1(
      pooled.labels,
      pooled.probabilities,
      3,
      sampleFolds(pooled.ids),
    );
    expect(scores.perClassF1).toEqual(expected.perClassF1);
    expect(scores.macroF1).toBeCloseTo(expected.macroF1, 12);
    expect(scores.predicted).toHaveLength(60 * 3);
    expect(scores.support.reduce((a, b) => a + b, 0)).toBe(
      Array.from(pooled.labels).reduce((a, b) => a + b, 0),
    );
    // The informative probabilities give better than chance on every class.
    for (const f1 of scores.perClassF1) expect(f1).toBeGreaterThan(0.5);
  });
});
