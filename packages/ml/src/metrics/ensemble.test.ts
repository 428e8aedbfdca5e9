import { describe, expect, it } from 'vitest';
import { evaluate } from './classification-metrics.ts';
import { crossFit, sampleFold, sampleFolds } from './cross-fitting.ts';
import {
  averageProbabilities,
  bestPerClassComposite,
  evaluateWithRule,
  fitMember,
  perClassF1WithRule,
} from './ensemble.ts';
import { crossFittedPerClassF1 } from './thresholds.ts';

describe('sample folds', () => {
  it('split ids by their hash, the same way every time, about half and half', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `sample-${i}`);
    const folds = sampleFolds(ids);
    expect(Array.from(folds)).toEqual(ids.map(sampleFold));
    const ones = folds.reduce((a, b) => a + b, 0);
    expect(ones).toBeGreaterThan(900);
    expect(ones).toBeLessThan(1100);
    // Fixed values: a change of the hash would silently change every cross-fitted score.
    expect(Array.from({ length: 12 }, (_, i) => sampleFold(`s${i}`)).join('')).toBe('000001110111');
  });

  it('crossFit fits on each half and predicts the other', () => {
    const seen: number[][] = [];
    const predicted = crossFit([0, 1, 0, 1], 1, (rows, half) => {
      seen[half] = Array.from(rows);
      return (row, out, offset) => void (out[offset] = half);
    });
    expect(seen).toEqual([
      [0, 2],
      [1, 3],
    ]);
    // Rows of half 0 are predicted by the fit on half 1, and the other way round.
    expect(Array.from(predicted)).toEqual([1, 0, 1, 0]);
  });
});

describe('ensembles of probabilities', () => {
  it('average members cell by cell', () => {
    expect(
      Array.from(
        averageProbabilities([
          [0.2, 0.8, 1],
          [0.6, 0.4, 0],
        ]),
      ),
    ).toEqual([0.4, 0.6000000000000001, 0.5]);
    expect(() => averageProbabilities([[1], [1, 2]])).toThrow(/lengths 2 and 1 differ/);
  });

  it('score with a global cut exactly as evaluate does', () => {
    const truth = [1, 0, 0, 1, 1, 1];
    const probabilities = [0.7, 0.2, 0.4, 0.6, 0.5, 0.49];
    const report = evaluateWithRule(truth, probabilities, 2, [0, 1, 0], {
      kind: 'global',
      value: 0.5,
    });
    expect(report).toEqual(evaluate(truth, probabilities, [0.5, 0.5]));
  });

  it('score cross-fitted per-class thresholds as crossFittedPerClassF1 does', () => {
    let state = 99;
    const rand = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const truth = Array.from({ length: 300 }, () => (rand() < 0.25 ? 1 : 0));
    const probabilities = truth.map((t) => Math.min(1, 0.35 * t + 0.7 * rand()));
    const fold = Array.from({ length: 100 }, () => (rand() < 0.5 ? 0 : 1));
    const report = evaluateWithRule(truth, probabilities, 3, fold, {
      kind: 'per-class-cross-fitted',
    });
    const expected = crossFittedPerClassF1(truth, probabilities, 3, fold);
    expect(report.macroF1).toBe(expected.macroF1);
    expect(report.perClass.f1).toEqual(expected.perClassF1);
    expect(
      perClassF1WithRule(truth, probabilities, 3, fold, { kind: 'per-class-cross-fitted' }),
    ).toEqual(expected.perClassF1);
    const global = { kind: 'global', value: 0.3 } as const;
    expect(perClassF1WithRule(truth, probabilities, 3, fold, global)).toEqual(
      evaluateWithRule(truth, probabilities, 3, fold, global).perClass.f1,
    );
  });
});

describe('the best-per-class composite (hand-computed)', () => {
  // 4 samples x 2 classes. Member A separates class 0 perfectly and class 1 not at all; member B
  // the other way round. Halves: samples 0 and 1, then 2 and 3.
  const truth = [1, 0, 0, 1, 1, 1, 0, 0];
  const a = [0.9, 0.6, 0.1, 0.6, 0.8, 0.4, 0.2, 0.7];
  const b = [0.6, 0.1, 0.6, 0.9, 0.4, 0.8, 0.7, 0.2];
  const fold = [0, 0, 1, 1];

  it('takes each class from the member that wins it on the other half', () => {
    const result = bestPerClassComposite(truth, [a, b], 2, fold, { kind: 'global', value: 0.5 });
    expect(result.winners).toEqual([0, 1]);
    expect(result.halfWinners).toEqual([
      [0, 1],
      [0, 1],
    ]);
    // A's class 0 and B's class 1 at 0.5 are right on every sample: F1 1 for both classes.
    expect(result.report.macroF1).toBe(1);
    expect(result.report.perClass.tp).toEqual([2, 2]);
    expect(result.report.perClass.fp).toEqual([0, 0]);
    expect(result.report.cooccurrence).toEqual([
      [2, 1],
      [1, 2],
    ]);
  });

  it('asks the fit provider once per member and part, and gives the same result from it', () => {
    const rule = { kind: 'per-class-cross-fitted' } as const;
    const calls: string[] = [];
    const result = bestPerClassComposite(truth, [a, b], 2, fold, rule, (m, part, rows) => {
      calls.push(`${m}:${part}`);
      return fitMember(truth, [a, b][m]!, 2, rows, rule);
    });
    expect(calls.sort()).toEqual(['0:0', '0:1', '0:all', '1:0', '1:1', '1:all']);
    expect(result).toEqual(bestPerClassComposite(truth, [a, b], 2, fold, rule));
  });

  it('scores a half with the winner chosen on the other even when that half disagrees', () => {
    // On half 1 (samples 2, 3) member B wins class 0 outright; on half 0 member A does. Each
    // half is scored with the other's choice, so half 1 gets A (2 errors there) and half 0 gets
    // B (which is right on half 0 too).
    const flipped = [0.9, 0.6, 0.1, 0.6, 0.2, 0.4, 0.8, 0.7];
    const other = [0.6, 0.1, 0.2, 0.9, 0.8, 0.8, 0.1, 0.2];
    const result = bestPerClassComposite(truth, [flipped, other], 2, fold, {
      kind: 'global',
      value: 0.5,
    });
    expect(result.halfWinners[0]![0]).toBe(0);
    expect(result.halfWinners[1]![0]).toBe(1);
    // Class 0: half 1 cut with A: sample 2 (truth 1, 0.2) missed, sample 3 (truth 0, 0.8) FP;
    // half 0 cut with B: sample 0 (truth 1, 0.6) TP, sample 1 (truth 0, 0.2) TN.
    expect(result.report.perClass.tp[0]).toBe(1);
    expect(result.report.perClass.fp[0]).toBe(1);
    expect(result.report.perClass.fn[0]).toBe(1);
  });
});
