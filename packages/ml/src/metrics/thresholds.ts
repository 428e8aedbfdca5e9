// Decision thresholds per class. With extreme imbalance a single 0.5 cut leaves rare classes
// at F1 = 0; tuning each class on validation, or matching the training label ratio, fixes it.
import { confusionCounts, perClassMetrics } from './classification-metrics.ts';
import { checkFold, crossFit, gatherRows, thresholdPredictor } from './cross-fitting.ts';
import { macroF1FromPerClass } from './macro-f1.ts';

export function globalThresholds(value: number, classes: number): number[] {
  return new Array<number>(classes).fill(value);
}

function column(values: ArrayLike<number>, classes: number, c: number): number[] {
  const out: number[] = [];
  for (let i = c; i < values.length; i += classes) out.push(values[i]!);
  return out;
}

/**
 * Per class, the threshold that maximizes that class's F1 on (validation) data: sweep the
 * probabilities from the highest down, cutting between neighbours (tied probabilities always
 * fall on the same side of the cut). Classes without a positive keep `fallback`.
 *
 * Each class's positives and negatives are sorted apart as typed arrays (a native numeric sort,
 * no comparator) and merged while sweeping: the API tunes 20 runs x 3,000 samples x 28 classes
 * for one ensemble what-if, which a comparator sort of index arrays made take half a second.
 */
export function tunePerClassThresholds(
  truth: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  classes: number,
  fallback = 0.5,
): number[] {
  if (truth.length !== probabilities.length || truth.length % classes !== 0) {
    throw new Error(
      `labels (${truth.length}) and probabilities (${probabilities.length}) do not match ${classes} classes`,
    );
  }
  const samples = truth.length / classes;
  const positiveBuffer = new Float64Array(samples);
  const negativeBuffer = new Float64Array(samples);
  const thresholds: number[] = [];
  for (let c = 0; c < classes; c++) {
    let positives = 0;
    let negatives = 0;
    for (let i = c; i < truth.length; i += classes) {
      if (truth[i]! > 0) positiveBuffer[positives++] = probabilities[i]!;
      else negativeBuffer[negatives++] = probabilities[i]!;
    }
    if (positives === 0) {
      thresholds.push(fallback);
      continue;
    }
    const pos = positiveBuffer.subarray(0, positives).sort();
    const neg = negativeBuffer.subarray(0, negatives).sort();
    // Highest first: i and j index the next unswept positive and negative (ascending arrays).
    let i = positives - 1;
    let j = negatives - 1;
    let tp = 0;
    let predicted = 0;
    let bestF1 = -1;
    let best = fallback;
    while (i >= 0 || j >= 0) {
      const current = Math.max(i >= 0 ? pos[i]! : -Infinity, j >= 0 ? neg[j]! : -Infinity);
      // Everything tied at `current` goes to the positive side of the cut together.
      while (i >= 0 && pos[i] === current) {
        tp += 1;
        predicted += 1;
        i -= 1;
      }
      while (j >= 0 && neg[j] === current) {
        predicted += 1;
        j -= 1;
      }
      const f1 = (2 * tp) / (predicted + positives);
      if (f1 > bestF1) {
        bestF1 = f1;
        const next =
          i >= 0 || j >= 0
            ? Math.max(i >= 0 ? pos[i]! : -Infinity, j >= 0 ? neg[j]! : -Infinity)
            : undefined;
        best = next === undefined ? current : (current + next) / 2;
      }
    }
    thresholds.push(best);
  }
  return thresholds;
}

/**
 * Per class, the threshold at which the predicted positive rate on `probabilities` equals the
 * class's positive rate in the training labels (needs no validation labels).
 */
export function labelRatioThresholds(
  probabilities: ArrayLike<number>,
  trainPositiveRate: ArrayLike<number>,
  fallback = 0.5,
): number[] {
  const classes = trainPositiveRate.length;
  const thresholds: number[] = [];
  for (let c = 0; c < classes; c++) {
    const p = column(probabilities, classes, c).sort((a, b) => b - a);
    const k = Math.round(trainPositiveRate[c]! * p.length);
    if (p.length === 0) thresholds.push(fallback);
    else if (k <= 0) thresholds.push(Math.min(1, p[0]! + 1e-6));
    else if (k >= p.length) thresholds.push(p[p.length - 1]!);
    else thresholds.push((p[k - 1]! + p[k]!) / 2);
  }
  return thresholds;
}

/**
 * Per-class thresholds tuned on one half of the samples and applied to the other, both ways
 * (`fold[i]` is 0 or 1, cross-fitting.ts): the predictions (samples x classes) of what tuned
 * thresholds do on samples they were not tuned on.
 */
export function crossFittedThresholdPredictions(
  truth: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  classes: number,
  fold: ArrayLike<number>,
): Uint8Array {
  checkFold(fold, truth.length / classes);
  return crossFit(fold, classes, (rows) =>
    thresholdPredictor(
      probabilities,
      tunePerClassThresholds(
        gatherRows(truth, rows, classes),
        gatherRows(probabilities, rows, classes),
        classes,
      ),
    ),
  );
}

/**
 * Macro F1 with per-class thresholds scored on samples they were NOT tuned on: the samples
 * are split into two folds (`fold[i]` is 0 or 1); each fold is thresholded with what was tuned
 * on the other. Tuning and scoring on the same samples flatters the score, most of all for a
 * class with one or two positives (any threshold just under that sample's probability gives
 * F1 = 1); this is the honest estimate of what tuned thresholds do on new data.
 */
export function crossFittedPerClassF1(
  truth: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  classes: number,
  fold: ArrayLike<number>,
): { macroF1: number; perClassF1: number[] } {
  const predicted = crossFittedThresholdPredictions(truth, probabilities, classes, fold);
  const { f1 } = perClassMetrics(confusionCounts(truth, predicted, classes));
  return { macroF1: macroF1FromPerClass(f1), perClassF1: f1 };
}
