// compareRuns' curves -> the compare page's overlaid charts: one chart per chosen key, in it a
// series per compared run in the run's colour and dash (its position in the comparison picks
// them, as on every chart of the page), on one x axis shared by every chart so that a zoom
// applies to all of them. The chart components only render what this module prepares.
//
// Epochs: the API stores steps only. Each run's epoch boundaries are the steps at which it
// logged an end-of-epoch key (runs may have different steps per epoch), so each run's steps map
// to epochs through its own boundaries; when a run has none, the x axis stays in steps for all.
import { METRIC_KEYS } from '@hpa-lab/ml/config';
import type { XAxisMode } from '@/lib/chart-params';
import { type CurveSeriesRows, seriesPoints, type SeriesBuckets } from '@/lib/charts/curve-series';
import { epochAxisFromSteps, stepToEpoch, type EpochAxis } from '@/lib/charts/epoch-axis';
import { DRAWN_POINTS_PER_SERIES } from '@/lib/charts/thin-points';
import { runStyle } from '@/lib/run-styles';
import type { XRange } from './compare-url';

/** One key's buckets of every run (the fields of a CurveComparison the charts read). */
export interface CurveInput {
  key: string;
  steps: readonly number[];
  series: readonly (SeriesBuckets & { runId: string })[];
}

export interface CompareCurveOptions {
  xAxis: XAxisMode;
  /** EMA weight in [0, 1); 0 = off. */
  smoothing: number;
  logScale: boolean;
  /** Runs the legend hides. */
  hidden: ReadonlySet<string>;
  /** The x range every chart shows; null = all of it. */
  zoom: XRange | null;
}

export interface CompareChart {
  key: string;
  title: string;
  /** The visible runs' series, in comparison order. */
  series: CurveSeriesRows[];
  /** Values <= 0 hidden because the log scale cannot show them. */
  hiddenOnLog: number;
  /** Whether any compared run logged this key at all (hidden or not). */
  logged: boolean;
}

export interface CompareCharts {
  /** The x axis used: epoch falls back to step when a run has no epoch boundary. */
  xAxis: XAxisMode;
  /** Runs without an epoch boundary (why x stays in steps), by name. */
  withoutEpochs: string[];
  /** The x range every chart shows (the zoom, or all the data); null without data. */
  domain: [number, number] | null;
  /** The whole data's x range, for the zoom's reset and its inputs' bounds. */
  extent: [number, number] | null;
  charts: CompareChart[];
}

const TITLES: Record<string, string> = {
  [METRIC_KEYS.trainLoss]: 'Training loss (per step)',
  [METRIC_KEYS.trainEpochLoss]: 'Training loss (epoch mean)',
  [METRIC_KEYS.learningRate]: 'Learning rate',
  [METRIC_KEYS.imagesPerSecond]: 'Throughput (images/s)',
  [METRIC_KEYS.validationLoss]: 'Validation loss',
  [METRIC_KEYS.validationMacroF1]: 'Validation macro F1',
};

/** A key's chart title: the pipeline's own keys in words, any other key as it is. */
export function curveTitle(key: string): string {
  return TITLES[key] ?? key;
}

/** Each run's epoch boundaries: the steps of its non-null values of end-of-epoch keys. */
export function runEpochAxes(
  curves: readonly CurveInput[],
  runIds: readonly string[],
  epochKeys: readonly string[],
): Map<string, EpochAxis | null> {
  const axes = new Map<string, EpochAxis | null>();
  for (const runId of runIds) {
    const stepLists = curves
      .filter((curve) => epochKeys.includes(curve.key))
      .map((curve) => {
        const series = curve.series.find((entry) => entry.runId === runId);
        return series ? curve.steps.filter((_, i) => series.values[i] != null) : [];
      });
    axes.set(runId, epochAxisFromSteps(stepLists));
  }
  return axes;
}

/** Keeps the points inside the range, and one on each side so lines reach the chart's edges. */
function clip<T extends { x: number }>(points: readonly T[], [lo, hi]: [number, number]): T[] {
  let first = points.findIndex((point) => point.x >= lo);
  if (first === -1) return [];
  let last = points.length - 1;
  while (last >= 0 && points[last]!.x > hi) last -= 1;
  if (last < first) {
    // Nothing inside: the two neighbours around the range draw the line across it.
    return first > 0 ? points.slice(first - 1, first + 1) : [];
  }
  first = Math.max(0, first - 1);
  last = Math.min(points.length - 1, last + 1);
  return points.slice(first, last + 1);
}

export function buildCompareCharts(
  curves: readonly CurveInput[],
  runs: readonly { id: string; name: string }[],
  keys: readonly string[],
  epochKeys: readonly string[],
  options: CompareCurveOptions,
): CompareCharts {
  const runIds = runs.map((run) => run.id);
  let xAxis: XAxisMode = 'step';
  let withoutEpochs: string[] = [];
  let axes = new Map<string, EpochAxis | null>();
  if (options.xAxis === 'epoch') {
    axes = runEpochAxes(curves, runIds, epochKeys);
    const logging = runs.filter((run) =>
      curves.some((curve) => curve.series.some((entry) => entry.runId === run.id)),
    );
    withoutEpochs = logging.filter((run) => !axes.get(run.id)).map((run) => run.name);
    xAxis = withoutEpochs.length === 0 && logging.length > 0 ? 'epoch' : 'step';
  }
  const byKey = new Map(curves.map((curve) => [curve.key, curve]));
  let lo = Infinity;
  let hi = -Infinity;
  const charts = keys.map((key): CompareChart & { all: CurveSeriesRows[] } => {
    const curve = byKey.get(key);
    let hiddenOnLog = 0;
    const all: CurveSeriesRows[] = [];
    runs.forEach((run, index) => {
      const buckets = curve?.series.find((entry) => entry.runId === run.id);
      if (!curve || !buckets || options.hidden.has(run.id)) return;
      const axis = axes.get(run.id);
      const toX =
        xAxis === 'epoch' && axis ? (step: number) => stepToEpoch(axis, step) : (s: number) => s;
      const built = seriesPoints(curve.steps, buckets, options, toX);
      hiddenOnLog += built.hiddenOnLog;
      // A run keeps only its own buckets: the shared axis holds the others' steps as gaps.
      const points = built.points.filter((_, i) => buckets.values[i] != null);
      for (const point of points) {
        if (point.x < lo) lo = point.x;
        if (point.x > hi) hi = point.x;
      }
      const style = runStyle(index);
      all.push({
        key: run.id,
        label: run.name,
        color: style.color,
        dash: style.dash,
        points,
        rawPointCount: buckets.rawPointCount,
        downsampled: built.downsampled,
      });
    });
    return {
      key,
      title: curveTitle(key),
      series: all,
      all,
      hiddenOnLog,
      logged: (curve?.series.length ?? 0) > 0,
    };
  });
  const extent: [number, number] | null = lo <= hi ? [lo, hi === lo ? lo + 1 : hi] : null;
  const domain: [number, number] | null = options.zoom
    ? [options.zoom.from, options.zoom.to]
    : extent;
  return {
    xAxis,
    withoutEpochs,
    domain,
    extent,
    charts: charts.map(({ all, ...chart }) => ({
      ...chart,
      series:
        options.zoom && domain
          ? all.map((entry) => ({ ...entry, points: clip(entry.points, domain) }))
          : all,
    })),
  };
}

/** A curve as compactCurves sends it (the shape of the generated CurveComparison's fields). */
export interface CompactCurve {
  key: string;
  steps: number[];
  series: {
    runId: string;
    rawPointCount: number;
    values: (number | null)[];
    min: (number | null)[];
    max: (number | null)[];
  }[];
}

/** Significant digits the browser gets: the tooltip and the table show 4. */
const SENT_DIGITS = 5;

function rounded(values: readonly (number | null)[]): (number | null)[] {
  return values.map((value) => (value === null ? null : Number(value.toPrecision(SENT_DIGITS))));
}

/**
 * The curves as the browser gets them (a client component's props are part of the page): 20
 * runs x 6 keys x 200 buckets x mean, min and max is most of the page's weight. Values are
 * rounded to 5 significant digits, and a run whose buckets each hold one point (a per-epoch
 * curve, a short run) sends no min and max: they equal its values and no band is drawn for it.
 */
export function compactCurves(curves: readonly CurveInput[]): CompactCurve[] {
  return curves.map((curve) => ({
    key: curve.key,
    steps: [...curve.steps],
    series: curve.series.map((series) => {
      const points = series.values.filter((value) => value !== null).length;
      const single = series.rawPointCount <= points;
      return {
        runId: series.runId,
        rawPointCount: series.rawPointCount,
        values: rounded(series.values),
        min: single ? [] : rounded(series.min),
        max: single ? [] : rounded(series.max),
      };
    }),
  }));
}

/** Points drawn per chart at most: 20 runs share what a dozen draw alone. */
const DRAWN_POINTS_PER_CHART = 2_400;
/** Below this a line stops showing its curve's shape on a ~600 px chart. */
const MIN_DRAWN_POINTS = 60;

/**
 * How many points each series of a chart draws (the tooltip and the table keep all of them):
 * the run page's per-series cap, lowered as runs are added, because every point costs drawing
 * work and twenty overlaid lines show no more detail than a dozen.
 */
export function drawnPointsPerSeries(seriesCount: number): number {
  const share = Math.floor(DRAWN_POINTS_PER_CHART / Math.max(1, seriesCount));
  return Math.max(MIN_DRAWN_POINTS, Math.min(DRAWN_POINTS_PER_SERIES, share));
}

/**
 * The x value under a pointer at `offset` px from the plot's left edge of `width` px, in a
 * chart showing `domain`: what a drag-to-zoom turns its two ends into.
 */
export function xAtOffset(offset: number, width: number, domain: [number, number]): number {
  const share = width > 0 ? Math.min(1, Math.max(0, offset / width)) : 0;
  return domain[0] + share * (domain[1] - domain[0]);
}

/** A dragged range as a zoom: ordered, and null when it is too narrow to mean anything. */
export function zoomFromDrag(a: number, b: number, domain: [number, number]): XRange | null {
  const from = Math.min(a, b);
  const to = Math.max(a, b);
  const minimum = (domain[1] - domain[0]) / 200;
  return to - from > minimum ? { from: Math.max(0, from), to } : null;
}
