// One curve's buckets -> the points a chart draws, and the table behind a chart: shared by
// every page that draws curves (the run page's panels, the compare page's one chart per key).
// compareRuns returns per key one step axis (the last step of each bucket) and per run the
// bucket means with their min and max; nulls stay gaps (a bucket in which nothing was logged).
import { emaSmooth } from './ema';
import { toLogSafe } from './log-scale';

export interface SeriesOptions {
  /** EMA weight in [0, 1); 0 = off. */
  smoothing: number;
  logScale: boolean;
}

/** One run's buckets of one key (the fields of a CurveSeries a chart reads). */
export interface SeriesBuckets {
  values: readonly (number | null)[];
  min: readonly (number | null)[];
  max: readonly (number | null)[];
  rawPointCount: number;
}

export interface CurvePoint {
  /** Position on the chosen x axis (step, or fractional epoch). */
  x: number;
  step: number;
  /** Bucket mean; null = gap. */
  value: number | null;
  /** EMA of value; equals value when smoothing is off. */
  smoothed: number | null;
  /** [min, max] of the bucket, for the band; null = gap. */
  band: [number, number] | null;
}

export interface CurveSeriesRows {
  key: string;
  label: string;
  color: string;
  /** SVG stroke-dasharray; undefined = solid (compared runs past the eighth hue). */
  dash?: string;
  points: CurvePoint[];
  /** Raw points the run logged for this key (before bucketing). */
  rawPointCount: number;
  /** True when buckets hold more than one point, so the band carries information. */
  downsampled: boolean;
}

/**
 * The points of one series: log-safe values when the axis is logarithmic (values <= 0 hidden
 * and counted), the EMA, and the min/max band of each bucket.
 */
export function seriesPoints(
  steps: readonly number[],
  buckets: SeriesBuckets,
  options: SeriesOptions,
  toX: (step: number) => number,
): { points: CurvePoint[]; hiddenOnLog: number; downsampled: boolean } {
  let values = buckets.values.map(orNull);
  let mins = buckets.min.map(orNull);
  let maxs = buckets.max.map(orNull);
  let hiddenOnLog = 0;
  if (options.logScale) {
    const safe = toLogSafe(values);
    hiddenOnLog = safe.hidden;
    values = safe.values;
    // A band reaching 0 or below cannot be drawn on a log axis; its mean may still be.
    mins = mins.map((value) => (value !== null && value > 0 ? value : null));
    maxs = maxs.map((value, i) => (mins[i] === null ? null : value));
  }
  const smoothed = emaSmooth(values, options.smoothing);
  const points = steps.map((step, i): CurvePoint => ({
    x: toX(step),
    step,
    value: values[i] ?? null,
    smoothed: smoothed[i] ?? null,
    band: bandOf(mins[i] ?? null, maxs[i] ?? null),
  }));
  return { points, hiddenOnLog, downsampled: buckets.rawPointCount > steps.length };
}

function orNull(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function bandOf(min: number | null, max: number | null): [number, number] | null {
  if (min === null || max === null) return null;
  return min <= max ? [min, max] : [max, min];
}

export interface CurveTableRow {
  x: number;
  step: number;
  /** Value per series key at this x; absent = that series has no point here. */
  values: Record<string, number | null>;
}

/**
 * The curves of one panel aligned on the union of their x positions: the accessible table
 * behind a chart, and what a shared tooltip reads.
 */
export function alignSeriesRows(series: readonly CurveSeriesRows[]): CurveTableRow[] {
  const rows = new Map<number, CurveTableRow>();
  for (const entry of series) {
    for (const point of entry.points) {
      let row = rows.get(point.step);
      if (!row) {
        row = { x: point.x, step: point.step, values: {} };
        rows.set(point.step, row);
      }
      row.values[entry.key] = point.value;
    }
  }
  return [...rows.values()].sort((a, b) => a.step - b.step);
}
