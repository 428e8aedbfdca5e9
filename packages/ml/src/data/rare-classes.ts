// "Rare-class F1", the number this problem is about: the mean F1 of the five classes with the
// fewest images in the HPA 2018 training labels (Rods & rings 11, Microtubule ends 21,
// Lysosomes 28, Endosomes 45, Peroxisomes 53). Fixed by the dataset's label statistics, not by
// an evaluation's support, so every run is scored on the same classes. No TensorFlow.js here:
// the API imports it (`@hpa-lab/ml/rare-classes`).
import { NUM_CLASSES } from './classes.ts';
import stats from './synthetic/hpa-label-stats.json' with { type: 'json' };

export const RARE_CLASS_COUNT = 5;

/** Images per class in the HPA 2018 training labels (index = class id). */
export const HPA_CLASS_COUNTS: readonly number[] = stats.classCounts;

/** The five rarest classes, rarest first. */
export const RARE_CLASS_IDS: readonly number[] = HPA_CLASS_COUNTS.map((count, id) => ({
  count,
  id,
}))
  .sort((a, b) => a.count - b.count || a.id - b.id)
  .slice(0, RARE_CLASS_COUNT)
  .map(({ id }) => id);

/** Mean F1 of the rare classes from a per-class F1 array of length 28. */
export function rareClassF1(f1: readonly number[]): number {
  if (f1.length !== NUM_CLASSES) {
    throw new Error(`rareClassF1: expected ${NUM_CLASSES} per-class values, got ${f1.length}`);
  }
  return RARE_CLASS_IDS.reduce((sum, id) => sum + (f1[id] ?? 0), 0) / RARE_CLASS_IDS.length;
}
