import { describe, expect, it } from 'vitest';
import {
  binarize,
  confusionCounts,
  cooccurrence,
  evaluate,
  macroF1,
  perClassMetrics,
} from './classification-metrics.ts';
import { sklearnCases } from './sklearn-fixture.ts';
import {
  crossFittedPerClassF1,
  globalThresholds,
  labelRatioThresholds,
  tunePerClassThresholds,
} from './thresholds.ts';

const parseRows = (rows: string[]) => Uint8Array.from(rows.join(''), (ch) => Number(ch));

describe('classification metrics (hand-computed)', () => {
  // 4 samples x 3 classes.
  const truth = [1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0];
  const predicted = [1, 1, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0];

  it('counts TP/FP/FN/TN per class', () => {
    expect(confusionCounts(truth, predicted, 3)).toEqual({
      tp: [1, 2, 0],
      fp: [1, 1, 0],
      fn: [1, 0, 0],
      tn: [1, 1, 4],
    });
  });

  it('derives precision, recall, F1 and support, with 0 for empty denominators', () => {
    const m = perClassMetrics(confusionCounts(truth, predicted, 3));
    expect(m.precision).toEqual([0.5, 2 / 3, 0]);
    expect(m.recall).toEqual([0.5, 1, 0]);
    expect(m.f1[0]).toBeCloseTo(0.5, 12);
    expect(m.f1[1]).toBeCloseTo(0.8, 12);
    expect(m.f1[2]).toBe(0);
    expect(m.support).toEqual([2, 2, 0]);
    expect(macroF1(truth, predicted, 3)).toBeCloseTo((0.5 + 0.8 + 0) / 3, 12);
  });

  it('builds the label co-occurrence confusion (true i, predicted j)', () => {
    expect(cooccurrence(truth, predicted, 3)).toEqual([
      [1, 2, 0], // samples 0 and 1 hold class 0; predicted {0,1} and {1}
      [0, 2, 0], // samples 1 and 2 hold class 1; both predicted {1}
      [0, 0, 0],
    ]);
  });

  it('evaluate applies thresholds (>=) and reports everything', () => {
    const probabilities = [0.9, 0.2, 0.1, 0.4, 0.6, 0.3];
    const report = evaluate([1, 0, 0, 0, 1, 1], probabilities, [0.5, 0.6, 0.3]);
    expect(Array.from(binarize(probabilities, [0.5, 0.6, 0.3]))).toEqual([1, 0, 0, 0, 1, 1]);
    expect(report.macroF1).toBe(1);
    expect(report.perClass.threshold).toEqual([0.5, 0.6, 0.3]);
    expect(report.perClass.tn).toEqual([1, 1, 1]);
  });

  it('rejects arrays that do not match the class count', () => {
    expect(() => macroF1([1, 0, 1], [1, 0, 1], 2)).toThrow(/not a multiple of 2 classes/);
    expect(() => macroF1([1, 0], [1, 0, 1, 1], 2)).toThrow(/differs from labels length/);
  });
});

describe('macro F1 against scikit-learn f1_score(average="macro")', () => {
  it.each(sklearnCases.map((c, i) => ({ ...c, i })))('fixed case $i', (c) => {
    const truth = parseRows(c.truth);
    const predicted = parseRows(c.predicted);
    expect(macroF1(truth, predicted, 28)).toBeCloseTo(c.macroF1, 12);
    const { f1 } = perClassMetrics(confusionCounts(truth, predicted, 28));
    f1.forEach((value, k) => expect(value).toBeCloseTo(c.perClassF1[k]!, 12));
  });
});

describe('thresholds', () => {
  it('global thresholds repeat one value', () => {
    expect(globalThresholds(0.3, 3)).toEqual([0.3, 0.3, 0.3]);
  });

  it('per-class tuning finds the F1-maximizing cut for each class', () => {
    // class 0: positives score 0.35 and 0.3, negatives 0.2 and 0.1 -> cut between 0.3 and 0.2.
    // class 1: never positive -> fallback.
    const truth = [1, 0, 1, 0, 0, 0, 0, 0];
    const probabilities = [0.35, 0.9, 0.3, 0.1, 0.2, 0.4, 0.1, 0.2];
    const thresholds = tunePerClassThresholds(truth, probabilities, 2, 0.5);
    expect(thresholds[0]).toBeCloseTo(0.25, 12);
    expect(thresholds[1]).toBe(0.5);
    const report = evaluate(truth, probabilities, thresholds);
    expect(report.perClass.f1[0]).toBe(1);
  });

  it('per-class tuning never splits tied probabilities', () => {
    const truth = [1, 0, 0];
    const probabilities = [0.5, 0.5, 0.1];
    const [threshold] = tunePerClassThresholds(truth, probabilities, 1);
    // Cutting at 0.3 takes both tied samples: F1 2/3 beats predicting nothing.
    expect(threshold).toBeCloseTo(0.3, 12);
  });

  it('tuned thresholds are at least as good as any global one on the same data', () => {
    let state = 12345;
    const rand = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const truth: number[] = [];
    const probabilities: number[] = [];
    for (let i = 0; i < 200 * 4; i++) {
      const positive = rand() < 0.1 * ((i % 4) + 1) ? 1 : 0;
      truth.push(positive);
      probabilities.push(Math.min(1, Math.max(0, 0.3 * positive + rand() * 0.7)));
    }
    const tuned = evaluate(
      truth,
      probabilities,
      tunePerClassThresholds(truth, probabilities, 4),
    ).macroF1;
    for (const g of [0.1, 0.3, 0.5, 0.7]) {
      expect(tuned).toBeGreaterThanOrEqual(
        evaluate(truth, probabilities, globalThresholds(g, 4)).macroF1,
      );
    }
  });

  it('per-class tuning equals the plain sweep (sort all, cut between neighbours) on random data with ties', () => {
    // The sweep the typed-array version replaced, kept as the reference it must equal.
    const reference = (truth: number[], probabilities: number[], classes: number) =>
      Array.from({ length: classes }, (_, c) => {
        const p = probabilities.filter((_, i) => i % classes === c);
        const t = truth.filter((_, i) => i % classes === c);
        const positives = t.filter((v) => v > 0).length;
        if (positives === 0) return 0.5;
        const order = p.map((_, i) => i).sort((a, b) => p[b]! - p[a]!);
        let tp = 0;
        let bestF1 = -1;
        let best = 0.5;
        order.forEach((index, k) => {
          if (t[index]! > 0) tp += 1;
          const next = order[k + 1] === undefined ? undefined : p[order[k + 1]!]!;
          if (next === p[index]) return;
          const f1 = (2 * tp) / (k + 1 + positives);
          if (f1 > bestF1) {
            bestF1 = f1;
            best = next === undefined ? p[index]! : (p[index]! + next) / 2;
          }
        });
        return best;
      });
    let state = 777;
    const rand = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 20; round++) {
      const classes = 5;
      const samples = 1 + Math.floor(rand() * 60);
      const truth: number[] = [];
      const probabilities: number[] = [];
      for (let i = 0; i < samples * classes; i++) {
        const positive = rand() < 0.2 ? 1 : 0;
        truth.push(positive);
        // Coarse values on odd rounds, so many probabilities tie.
        const p = Math.min(1, 0.3 * positive + rand() * 0.8);
        probabilities.push(round % 2 ? Math.round(p * 8) / 8 : p);
      }
      expect(tunePerClassThresholds(truth, probabilities, classes)).toEqual(
        reference(truth, probabilities, classes),
      );
    }
  });

  it('label-ratio thresholds predict each class at its training rate', () => {
    const probabilities = [0.9, 0.1, 0.8, 0.2, 0.7, 0.3, 0.6, 0.4, 0.5, 0.5];
    const thresholds = labelRatioThresholds(probabilities, [0.4, 0]);
    const predicted = binarize(probabilities, thresholds);
    const rate0 = [0, 2, 4, 6, 8].filter((i) => predicted[i] === 1).length / 5;
    const rate1 = [1, 3, 5, 7, 9].filter((i) => predicted[i] === 1).length / 5;
    expect(rate0).toBe(0.4);
    expect(rate1).toBe(0);
  });
});

describe('crossFittedPerClassF1', () => {
  // One class, four samples, two folds. Tuned on all four, the threshold 0.65 separates them
  // perfectly (F1 1). Cross-fitted, fold 0 = samples 0,1 gets the threshold tuned on fold 1
  // (0.75, between its positive 0.9 and negative 0.6): sample 0 (positive, 0.7) falls below.
  const truth = [1, 0, 1, 0];
  const probabilities = [0.7, 0.3, 0.9, 0.6];
  const fold = [0, 0, 1, 1];

  it('scores each fold with thresholds tuned on the other', () => {
    expect(tunePerClassThresholds(truth, probabilities, 1)[0]).toBeCloseTo(0.65, 12);
    const result = crossFittedPerClassF1(truth, probabilities, 1, fold);
    // Fold 1 with fold 0's threshold (0.5): 0.9 and 0.6 both positive (TP 1, FP 1).
    // Fold 0 with 0.75: sample 0 missed (FN 1). Overall TP 1, FP 1, FN 1: F1 = 2/4.
    expect(result.perClassF1).toEqual([0.5]);
    expect(result.macroF1).toBe(0.5);
  });

  it('refuses a fold list of the wrong length', () => {
    expect(() => crossFittedPerClassF1(truth, probabilities, 1, [0, 1])).toThrow(
      /fold has 2 entries for 4 samples/,
    );
  });
});
