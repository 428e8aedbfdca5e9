// GraphQL curves -> what the run page's charts draw. compareRuns(ids: [run], keys) returns one
// CurveComparison per key with its own step axis (bucketed, min/max kept per bucket); the chart
// components only render what this module prepares.
//
// Each series keeps its own points rather than being merged into one row per x: per-step and
// per-epoch curves share a chart, and merging would put a null in the per-epoch line at every
// step between epochs, which a line chart can only draw as a gap (or connect, hiding real gaps).
// A null here is a real gap: a bucket in which the run logged nothing.
import type { XAxisMode } from '@/lib/chart-params';
import type { CurveCharts_CurveFragment } from '@/graphql/generated/graphql';
import { CURVE_PANELS, EPOCH_BOUNDARY_KEYS, type CurvePanel } from './curve-panels';
import {
  alignSeriesRows,
  type CurvePoint,
  type CurveSeriesRows,
  type CurveTableRow,
  seriesPoints,
  type SeriesOptions,
} from '@/lib/charts/curve-series';
import { epochAxisFromSteps, stepToEpoch, type EpochAxis } from '@/lib/charts/epoch-axis';

export { alignSeriesRows, type CurvePoint, type CurveSeriesRows, type CurveTableRow };

/** A curve as the charts' fragment selects it (CurveCharts_Curve, beside curve-charts.tsx). */
export type CurveInput = CurveCharts_CurveFragment;

export type { XAxisMode };

export interface CurveOptions extends SeriesOptions {
  xAxis: XAxisMode;
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
      const built = seriesPoints(curve.steps, run, options, toX);
      hiddenOnLog += built.hiddenOnLog;
      return [
        {
          key: definition.key,
          label: definition.label,
          color: definition.color,
          points: built.points,
          rawPointCount: run.rawPointCount,
          downsampled: built.downsampled,
        },
      ];
    });
    return { panel, series, hiddenOnLog };
  });
  return { xAxis, epochAxis, panels };
}
