// Step -> epoch. The API stores steps only; the trainer logs its end-of-epoch metrics (val/loss,
// val/macro_f1...) at the step that ends each epoch, so those steps are the epoch boundaries:
// boundary k (1-based) is where epoch k is complete. A step between two boundaries gets a
// fractional epoch, so per-step curves still line up with per-epoch ones on an epoch axis.

export interface EpochAxis {
  /** Sorted, distinct steps at which epochs 1, 2, ... ended. */
  boundaries: readonly number[];
}

/** Builds the axis from the steps of end-of-epoch curves or evaluations; null if none. */
export function epochAxisFromSteps(stepLists: readonly (readonly number[])[]): EpochAxis | null {
  const steps = new Set<number>();
  for (const list of stepLists) {
    for (const step of list) if (Number.isFinite(step) && step > 0) steps.add(step);
  }
  if (steps.size === 0) return null;
  return { boundaries: [...steps].sort((a, b) => a - b) };
}

/**
 * The (fractional) epoch of a step: 0 at step 0, k at boundary k, linear in between; past the
 * last boundary (a running run's unfinished epoch) the last epoch's length continues.
 */
export function stepToEpoch(axis: EpochAxis, step: number): number {
  const { boundaries } = axis;
  const first = boundaries[0]!;
  if (step <= first) return step / first;
  // Binary search for the boundary interval holding step.
  let lo = 0;
  let hi = boundaries.length - 1;
  if (step >= boundaries[hi]!) {
    const previous = hi > 0 ? boundaries[hi - 1]! : 0;
    const width = boundaries[hi]! - previous;
    return hi + 1 + (step - boundaries[hi]!) / width;
  }
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (boundaries[mid]! <= step) lo = mid;
    else hi = mid;
  }
  const start = boundaries[lo]!;
  const end = boundaries[hi]!;
  return lo + 1 + (step - start) / (end - start);
}

/** The epoch number (1-based) an evaluation at this step closed, or null if it is not a boundary. */
export function epochOfBoundary(axis: EpochAxis | null, step: number): number | null {
  if (!axis) return null;
  const index = axis.boundaries.indexOf(step);
  return index === -1 ? null : index + 1;
}
