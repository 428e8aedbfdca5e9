// The one definition of macro F1 every part of the platform uses: the trainer's evaluations,
// the API's check of a logged evaluation, the ensemble what-if and the dashboard's seeds.
//
// Macro F1 is the unweighted mean of the per-class F1 over ALL classes (28 for HPA), as Kaggle
// scored HPA with scikit-learn's f1_score(average='macro'). A class without support (no
// positive sample in the evaluated set) still counts: its F1 is 2tp / (2tp + fp + fn) with
// tp = 0, so 0 whether or not it was predicted (scikit-learn's zero_division=0 for the 0/0
// case), and it pulls the mean down. Skipping such classes would make scores on validation
// sets that miss a rare class incomparable with the others.
// No TensorFlow.js here: the API and browser code import it through `@hpa-lab/ml/metrics`.

/** How far a stated macro F1 may be from the mean of its per-class F1s (float round-off). */
export const MACRO_F1_TOLERANCE = 1e-6;

/** Macro F1 from per-class F1s: their mean over every class, classes without support included. */
export function macroF1FromPerClass(f1: ArrayLike<number>): number {
  if (f1.length === 0) throw new Error('macroF1FromPerClass: no per-class F1 given');
  let sum = 0;
  for (let c = 0; c < f1.length; c++) sum += f1[c]!;
  return sum / f1.length;
}

/** F1 of one class from its counts; 0 when tp + fp + fn is 0 (no support, nothing predicted). */
export function f1FromCounts(tp: number, fp: number, fn: number): number {
  const denominator = 2 * tp + fp + fn;
  return denominator === 0 ? 0 : (2 * tp) / denominator;
}

/**
 * Null when `macroF1` is the macro F1 of `f1` (within MACRO_F1_TOLERANCE); otherwise a sentence
 * naming both numbers, for an error message.
 */
export function macroF1Mismatch(macroF1: number, f1: ArrayLike<number>): string | null {
  const expected = macroF1FromPerClass(f1);
  if (Math.abs(expected - macroF1) <= MACRO_F1_TOLERANCE) return null;
  return (
    `macroF1 ${macroF1} is not the mean of the ${f1.length} per-class F1s, ${expected} ` +
    `(classes without support count with F1 0; tolerance ${MACRO_F1_TOLERANCE})`
  );
}
