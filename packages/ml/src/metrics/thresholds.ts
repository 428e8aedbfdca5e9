// Decision thresholds per class. With extreme imbalance a single 0.5 cut leaves rare classes
// at F1 = 0; tuning each class on validation, or matching the training label ratio, fixes it.
import { confusionCounts, perClassMetrics } from './classification-metrics.ts';

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
 * sorted probabilities, cutting between neighbours. Classes without a positive keep `fallback`.
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
  const thresholds: number[] = [];
  for (let c = 0; c < classes; c++) {
    const p = column(probabilities, classes, c);
    const t = column(truth, classes, c);
    const positives = t.reduce((a, b) => a + (b > 0 ? 1 : 0), 0);
    if (positives === 0) {
      thresholds.push(fallback);
      continue;
    }
    const order = p.map((_, i) => i).sort((a, b) => p[b]! - p[a]!);
    let tp = 0;
    let bestF1 = -1;
    let best = fallback;
    for (let k = 0; k < order.length; k++) {
      const index = order[k]!;
      if (t[index]! > 0) tp += 1;
      const current = p[index]!;
      const next = order[k + 1] === undefined ? undefined : p[order[k + 1]!]!;
      if (next === current) continue; // ties must fall on the same side of the cut
      const f1 = (2 * tp) / (k + 1 + positives);
      if (f1 > bestF1) {
        bestF1 = f1;
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
  const samples = truth.length / classes;
  if (fold.length !== samples) {
    throw new Error(`fold has ${fold.length} entries for ${samples} samples`);
  }
  const rowsOf = (f: number) =>
    Array.from({ length: samples }, (_, i) => i).filter((i) => fold[i] === f);
  const gather = (values: ArrayLike<number>, rows: number[]) => {
    const out = new Float64Array(rows.length * classes);
    rows.forEach((r, k) => {
      for (let c = 0; c < classes; c++) out[k * classes + c] = values[r * classes + c]!;
    });
    return out;
  };
  const predicted = new Uint8Array(truth.length);
  for (const [tuneOn, applyTo] of [
    [0, 1],
    [1, 0],
  ] as const) {
    const tuneRows = rowsOf(tuneOn);
    const thresholds = tunePerClassThresholds(
      gather(truth, tuneRows),
      gather(probabilities, tuneRows),
      classes,
    );
    for (const r of rowsOf(applyTo)) {
      for (let c = 0; c < classes; c++) {
        predicted[r * classes + c] = probabilities[r * classes + c]! >= thresholds[c]! ? 1 : 0;
      }
    }
  }
  const { f1 } = perClassMetrics(confusionCounts(truth, predicted, classes));
  return { macroF1: f1.reduce((a, b) => a + b, 0) / classes, perClassF1: f1 };
}
