// Out-of-fold scores: the K runs of one K-fold cross-validation each predict their own
// validation fold; pooled, every sample has one prediction from a model that never trained on
// it. A class with 11 samples then has 11 scored positives instead of the 2 of one split.
// Thresholds are cross-fitted on the pooled predictions as everywhere else (cross-fitting.ts).
import { confusionCounts, perClassMetrics } from './classification-metrics.ts';
import { sampleFolds } from './cross-fitting.ts';
import { macroF1FromPerClass } from './macro-f1.ts';
import { crossFittedThresholdPredictions } from './thresholds.ts';

/** One run's validation predictions (the shape of @hpa-lab/contracts' probabilities file). */
export interface FoldPredictions {
  ids: readonly string[];
  classes: number;
  /** ids.length x classes, 0/1. */
  labels: ArrayLike<number>;
  /** ids.length x classes. */
  probabilities: ArrayLike<number>;
}

/**
 * Concatenates the folds' predictions. Refuses folds that disagree on the class count, a sample
 * predicted by two folds (the runs were not folds of one split), or, given `expectedCount`, a
 * pool that misses samples (a fold missing): each error names what is wrong.
 */
export function poolOutOfFold(
  folds: readonly FoldPredictions[],
  expectedCount?: number,
): FoldPredictions {
  if (folds.length === 0) throw new Error('poolOutOfFold: no folds');
  const classes = folds[0]!.classes;
  const seen = new Map<string, number>();
  let total = 0;
  for (const [f, fold] of folds.entries()) {
    if (fold.classes !== classes) {
      throw new Error(`fold ${f} has ${fold.classes} classes, fold 0 has ${classes}`);
    }
    const n = fold.ids.length;
    if (fold.labels.length !== n * classes || fold.probabilities.length !== n * classes) {
      throw new Error(`fold ${f}: labels and probabilities must be ${n} x ${classes}`);
    }
    for (const id of fold.ids) {
      const other = seen.get(id);
      if (other !== undefined) {
        throw new Error(`sample ${id} is in fold ${other} and fold ${f}: not folds of one split`);
      }
      seen.set(id, f);
    }
    total += n;
  }
  if (expectedCount !== undefined && total !== expectedCount) {
    throw new Error(`the folds predict ${total} samples, the data set has ${expectedCount}`);
  }
  const ids: string[] = [];
  const labels = new Uint8Array(total * classes);
  const probabilities = new Float32Array(total * classes);
  let offset = 0;
  for (const fold of folds) {
    ids.push(...fold.ids);
    labels.set(Array.from(fold.labels), offset);
    probabilities.set(Array.from(fold.probabilities), offset);
    offset += fold.ids.length * classes;
  }
  return { ids, classes, labels, probabilities };
}

export interface OutOfFoldScores {
  macroF1: number;
  perClassF1: number[];
  /** The cross-fitted 0/1 predictions (samples x classes), for bootstrap intervals. */
  predicted: Uint8Array;
  support: number[];
}

/** Per-class F1 of pooled predictions with per-class thresholds cross-fitted by sample id. */
export function outOfFoldScores(pooled: FoldPredictions): OutOfFoldScores {
  const predicted = crossFittedThresholdPredictions(
    pooled.labels,
    pooled.probabilities,
    pooled.classes,
    sampleFolds(pooled.ids),
  );
  const metrics = perClassMetrics(confusionCounts(pooled.labels, predicted, pooled.classes));
  return {
    macroF1: macroF1FromPerClass(metrics.f1),
    perClassF1: metrics.f1,
    predicted,
    support: metrics.support,
  };
}
