// Multi-label classification metrics on flat row-major arrays (samples x classes), computed
// in plain JS: they run on validation outputs already read back from the backend, and in the
// API (`@hpa-lab/ml/metrics` loads no TensorFlow.js).
import { f1FromCounts, macroF1FromPerClass } from './macro-f1.ts';

export interface ClassCounts {
  tp: number[];
  fp: number[];
  fn: number[];
  tn: number[];
}

export interface PerClassMetrics extends ClassCounts {
  f1: number[];
  precision: number[];
  recall: number[];
  /** Positives of each class in the ground truth. */
  support: number[];
}

export interface EvaluationReport {
  macroF1: number;
  perClass: PerClassMetrics & { threshold: number[] };
  /** cooccurrence[i][j]: samples whose truth holds class i and whose prediction holds class j. */
  cooccurrence: number[][];
}

function checkShapes(
  truth: ArrayLike<number>,
  other: ArrayLike<number>,
  classes: number,
  what: string,
) {
  if (classes <= 0 || truth.length % classes !== 0) {
    throw new Error(`labels length ${truth.length} is not a multiple of ${classes} classes`);
  }
  if (other.length !== truth.length) {
    throw new Error(`${what} length ${other.length} differs from labels length ${truth.length}`);
  }
}

/** Applies per-class thresholds: predicted[i] = probability >= threshold of its class. */
export function binarize(
  probabilities: ArrayLike<number>,
  thresholds: ArrayLike<number>,
): Uint8Array {
  const classes = thresholds.length;
  checkShapes(probabilities, probabilities, classes, 'probabilities');
  const out = new Uint8Array(probabilities.length);
  for (let i = 0; i < probabilities.length; i++) {
    out[i] = probabilities[i]! >= thresholds[i % classes]! ? 1 : 0;
  }
  return out;
}

export function confusionCounts(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classes: number,
): ClassCounts {
  checkShapes(truth, predicted, classes, 'predictions');
  const counts: ClassCounts = {
    tp: new Array<number>(classes).fill(0),
    fp: new Array<number>(classes).fill(0),
    fn: new Array<number>(classes).fill(0),
    tn: new Array<number>(classes).fill(0),
  };
  for (let i = 0; i < truth.length; i++) {
    const c = i % classes;
    const t = truth[i]! > 0;
    const p = predicted[i]! > 0;
    if (t && p) counts.tp[c]! += 1;
    else if (p) counts.fp[c]! += 1;
    else if (t) counts.fn[c]! += 1;
    else counts.tn[c]! += 1;
  }
  return counts;
}

// A ratio with an empty denominator is 0, as scikit-learn's zero_division default does and
// as Kaggle's HPA scorer (sklearn f1_score, average='macro') therefore did.
const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

export function perClassMetrics(counts: ClassCounts): PerClassMetrics {
  const n = counts.tp.length;
  const f1: number[] = [];
  const precision: number[] = [];
  const recall: number[] = [];
  const support: number[] = [];
  for (let c = 0; c < n; c++) {
    const tp = counts.tp[c]!;
    const fp = counts.fp[c]!;
    const fn = counts.fn[c]!;
    f1.push(f1FromCounts(tp, fp, fn));
    precision.push(ratio(tp, tp + fp));
    recall.push(ratio(tp, tp + fn));
    support.push(tp + fn);
  }
  return { ...counts, f1, precision, recall, support };
}

/** Macro F1 as Kaggle scored HPA (macro-f1.ts: the mean over all classes). */
export function macroF1(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classes: number,
): number {
  return macroF1FromPerClass(perClassMetrics(confusionCounts(truth, predicted, classes)).f1);
}

export function cooccurrence(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classes: number,
): number[][] {
  checkShapes(truth, predicted, classes, 'predictions');
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let row = 0; row < truth.length; row += classes) {
    for (let i = 0; i < classes; i++) {
      if (!(truth[row + i]! > 0)) continue;
      const line = matrix[i]!;
      for (let j = 0; j < classes; j++) if (predicted[row + j]! > 0) line[j]! += 1;
    }
  }
  return matrix;
}

/** Everything the Evaluation record stores, for one set of thresholds. */
export function evaluate(
  truth: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  thresholds: ArrayLike<number>,
): EvaluationReport {
  return evaluatePredictions(truth, binarize(probabilities, thresholds), thresholds);
}

/**
 * The Evaluation record of binary predictions already made (e.g. cross-fitted ones, where each
 * half was cut by thresholds from the other); `thresholds` is what the record reports.
 */
export function evaluatePredictions(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  thresholds: ArrayLike<number>,
): EvaluationReport {
  const classes = thresholds.length;
  const metrics = perClassMetrics(confusionCounts(truth, predicted, classes));
  return {
    macroF1: macroF1FromPerClass(metrics.f1),
    perClass: { ...metrics, threshold: Array.from(thresholds) },
    cooccurrence: cooccurrence(truth, predicted, classes),
  };
}
