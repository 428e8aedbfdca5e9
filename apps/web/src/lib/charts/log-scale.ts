// A log axis cannot place 0 or negative values. Rather than letting the chart library drop or
// clamp them silently, the adapter turns them into gaps and counts them, so the page can say
// "3 values <= 0 hidden on the log scale".

export interface LogSafeResult {
  values: (number | null)[];
  /** How many finite values were <= 0 and became gaps. */
  hidden: number;
}

export function toLogSafe(values: readonly (number | null)[]): LogSafeResult {
  let hidden = 0;
  const out = values.map((value) => {
    if (value === null || !Number.isFinite(value)) return null;
    if (value <= 0) {
      hidden += 1;
      return null;
    }
    return value;
  });
  return { values: out, hidden };
}

/**
 * Y domain for a log axis: powers of ten around the positive values, so ticks land on round
 * numbers. Null when there is nothing positive to show.
 */
export function logDomain(values: Iterable<number | null>): [number, number] | null {
  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    if (value === null || !(value > 0) || !Number.isFinite(value)) continue;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (min === Infinity) return null;
  const lo = Math.pow(10, Math.floor(Math.log10(min)));
  let hi = Math.pow(10, Math.ceil(Math.log10(max)));
  if (hi <= lo) hi = lo * 10;
  return [lo, hi];
}
