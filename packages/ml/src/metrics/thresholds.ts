// Decision thresholds per class. With extreme imbalance a single 0.5 cut leaves rare classes
// at F1 = 0; tuning each class on validation, or matching the training label ratio, fixes it.

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
