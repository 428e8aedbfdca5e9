// Statistics over a bench's rounds: the median and range of per-round values (never a
// best-of), ratios paired round by round, and the order two sides take turns in.

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** Median and range of per-round values (NaN everywhere for no rounds). */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN };
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/** Per-round ratios ours/theirs, pairing rounds by position. */
export function perRoundRatios(ours: readonly number[], theirs: readonly number[]): number[] {
  if (ours.length !== theirs.length) {
    throw new Error(`perRoundRatios: ${ours.length} rounds against ${theirs.length}`);
  }
  return ours.map((value, i) => value / theirs[i]!);
}

/**
 * The sides of one round in the order they run: as listed in even rounds, reversed in odd
 * ones, so that neither side always runs first (on a warm or a just-released machine).
 */
export function roundOrder<T>(sides: readonly T[], round: number): T[] {
  return round % 2 === 0 ? [...sides] : [...sides].reverse();
}

/** The candidate with the highest score; ties keep the first. */
export function best<T>(candidates: readonly T[], score: (c: T) => number): T {
  if (candidates.length === 0) throw new Error('best: no candidates');
  return candidates.reduce((a, b) => (score(b) > score(a) ? b : a));
}
