// Two runs' 28x28 co-occurrence matrices -> where the second run confuses less and where more.
// Each row is normalised by its own run's support (row i, column j = the share of class-i
// images predicted as j), so the two are comparable even when the counts are not; the
// difference is second minus first, in shares of the true class.
// `gain` says which way is better: off the diagonal a smaller share is better (fewer images
// mistaken for j), on it a larger one (more images found). The colour encodes the gain, so one
// hue always means "the second run does better here" and the other "worse".
import { CLASS_NAMES } from '@hpa-lab/ml/classes';

export interface CooccurrenceInput {
  cooccurrence: readonly (readonly number[])[];
  support: readonly number[];
}

export interface DiffCell {
  row: number;
  column: number;
  countA: number;
  countB: number;
  /** count / support of the row class, per run; null without support. */
  shareA: number | null;
  shareB: number | null;
  /** shareB - shareA; null when either share is. */
  delta: number | null;
  /** delta on the diagonal, -delta off it: > 0 = the second run does better here. */
  gain: number | null;
}

export interface CooccurrenceDiff {
  classNames: string[];
  cells: DiffCell[][];
  /** The largest |gain|: the ends of the symmetric colour scale (at least 1 point). */
  maxAbsGain: number;
  /** Off-diagonal cells the second run confuses less, most improved first. */
  fewerConfusions: DiffCell[];
  /** Off-diagonal cells the second run confuses more, most worsened first. */
  moreConfusions: DiffCell[];
}

/** Below this share change (a tenth of a point) a cell counts as unchanged in the lists. */
const NOISE = 0.001;
/** The scale's smallest half-range, so that tiny differences do not look saturated. */
const MIN_SCALE = 0.01;

function share(count: number, support: number): number | null {
  return support > 0 ? count / support : null;
}

export function cooccurrenceDiff(
  a: CooccurrenceInput,
  b: CooccurrenceInput,
  listLength = 5,
): CooccurrenceDiff {
  const size = Math.min(a.cooccurrence.length, b.cooccurrence.length);
  if (a.cooccurrence.length !== b.cooccurrence.length) {
    throw new Error(
      `cooccurrenceDiff: matrices of ${a.cooccurrence.length} and ${b.cooccurrence.length} classes`,
    );
  }
  let maxAbsGain = MIN_SCALE;
  const cells = Array.from({ length: size }, (_, i) =>
    Array.from({ length: size }, (_, j): DiffCell => {
      const countA = a.cooccurrence[i]?.[j] ?? 0;
      const countB = b.cooccurrence[i]?.[j] ?? 0;
      const shareA = share(countA, a.support[i] ?? 0);
      const shareB = share(countB, b.support[i] ?? 0);
      const delta = shareA === null || shareB === null ? null : shareB - shareA;
      const gain = delta === null ? null : i === j ? delta : -delta;
      if (gain !== null) maxAbsGain = Math.max(maxAbsGain, Math.abs(gain));
      return { row: i, column: j, countA, countB, shareA, shareB, delta, gain };
    }),
  );
  const offDiagonal = cells.flat().filter((cell) => cell.row !== cell.column && cell.gain !== null);
  const byGain = (sign: 1 | -1) =>
    offDiagonal
      .filter((cell) => sign * cell.gain! > NOISE)
      .sort((x, y) => sign * (y.gain! - x.gain!) || x.row - y.row || x.column - y.column)
      .slice(0, listLength);
  return {
    classNames: Array.from({ length: size }, (_, i) => CLASS_NAMES[i] ?? `class ${i}`),
    cells,
    maxAbsGain,
    fewerConfusions: byGain(1),
    moreConfusions: byGain(-1),
  };
}
