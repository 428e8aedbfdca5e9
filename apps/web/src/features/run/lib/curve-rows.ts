// GraphQL curves -> what the run page's charts draw. compareRuns(ids: [run], keys) returns one
// CurveComparison per key with its own step axis (bucketed, min/max kept per bucket); the chart
// components only render what this module prepares.
//
// Each series keeps its own points rather than being merged into one row per x: per-step and
// per-epoch curves share a chart, and merging would put a null in the per-epoch line at every
// step between epochs, which a line chart can only draw as a gap (or connect, hiding real gaps).
// A null here is a real gap: a bucket in which the run logged nothing.
import { CURVE_PANELS, EPOCH_BOUNDARY_KEYS, type CurvePanel } from './curve-panels';
import { emaSmooth } from './ema';
import { epochAxisFromSteps, stepToEpoch, type EpochAxis } from './epoch-axis';
import { toLogSafe } from './log-scale';

/** The part of a CurveComparison this module reads (the generated type fits it). */
export interface CurveInput {
  key: string;
  steps: readonly number[];
  series: readonly {
    values: readonly (number | null)[];
    min: readonly (number | null)[];
    max: readonly (number | null)[];
    rawPointCount: number;
  }[];
}

export type XAxisMode = 'step' | 'epoch';

export interface CurveOptions {
  xAxis: XAxisMode;
  /** EMA weight in [0, 1); 0 = off. */
  smoothing: number;
  logScale: boolean;
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
  points: CurvePoint[];
  /** Raw points the run logged for this key (before bucketing). */
  rawPointCount: number;
  /** True when buckets hold more than one point, so the band carries information. */
  downsampled: boolean;
}

export interface PanelRows {
  panel: CurvePanel;
  series: CurveSeriesRows[];
  /** Values <= 0 hidden because the log scale cannot show them. */
  hiddenOnLog: number;
}

export interface CurveRows {
  /** The x axis actually used: epoch falls back to step when no epoch boundary is known. */
  xAxis: XAxisMode;
  epochAxis: EpochAxis | null;
  panels: PanelRows[];
}

/**
 * Builds every panel's series. `evaluationSteps` (the steps of the run's evaluations) add epoch
 * boundaries when the end-of-epoch curves are missing.
 */
export function buildCurveRows(
  curves: readonly CurveInput[],
  options: CurveOptions,
  evaluationSteps: readonly number[] = [],
): CurveRows {
  const byKey = new Map(curves.map((curve) => [curve.key, curve]));
  const epochAxis = epochAxisFromSteps([
    ...EPOCH_BOUNDARY_KEYS.map((key) => byKey.get(key)?.steps ?? []),
    evaluationSteps,
  ]);
  const xAxis: XAxisMode = options.xAxis === 'epoch' && epochAxis ? 'epoch' : 'step';
  const toX =
    xAxis === 'epoch' && epochAxis
      ? (step: number) => stepToEpoch(epochAxis, step)
      : (step: number) => step;

  const panels = CURVE_PANELS.map((panel): PanelRows => {
    let hiddenOnLog = 0;
    const series = panel.curves.flatMap((definition): CurveSeriesRows[] => {
      const curve = byKey.get(definition.key);
      const run = curve?.series[0];
      if (!curve || !run) return [];
      let values = run.values.map(orNull);
      let mins = run.min.map(orNull);
      let maxs = run.max.map(orNull);
      if (options.logScale) {
        const safe = toLogSafe(values);
        hiddenOnLog += safe.hidden;
        values = safe.values;
        // A band reaching 0 or below cannot be drawn on a log axis; its mean may still be.
        mins = mins.map((value) => (value !== null && value > 0 ? value : null));
        maxs = maxs.map((value, i) => (mins[i] === null ? null : value));
      }
      const smoothed = emaSmooth(values, options.smoothing);
      const points = curve.steps.map((step, i): CurvePoint => ({
        x: toX(step),
        step,
        value: values[i] ?? null,
        smoothed: smoothed[i] ?? null,
        band: bandOf(mins[i] ?? null, maxs[i] ?? null),
      }));
      return [
        {
          key: definition.key,
          label: definition.label,
          color: definition.color,
          points,
          rawPointCount: run.rawPointCount,
          downsampled: run.rawPointCount > curve.steps.length,
        },
      ];
    });
    return { panel, series, hiddenOnLog };
  });
  return { xAxis, epochAxis, panels };
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
