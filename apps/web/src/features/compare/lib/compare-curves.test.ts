import { describe, expect, it } from 'vitest';
import { runStyle } from '@/lib/run-styles';
import {
  buildCompareCharts,
  compactCurves,
  curveTitle,
  drawnPointsPerSeries,
  runEpochAxes,
  xAtOffset,
  zoomFromDrag,
  type CompareCurveOptions,
  type CurveInput,
} from './compare-curves';

const runs = [
  { id: 'a', name: 'run a' },
  { id: 'b', name: 'run b' },
];
const EPOCH_KEYS = ['val/macro_f1'];

function buckets(values: (number | null)[]) {
  return {
    values,
    min: values,
    max: values,
    rawPointCount: values.filter((v) => v != null).length,
  };
}

// train/loss every 10 steps for both runs; a's epochs end at 20 and 40, b's at 10, 20, 30, 40.
const curves: CurveInput[] = [
  {
    key: 'train/loss',
    steps: [10, 20, 30, 40],
    series: [
      { runId: 'a', ...buckets([1, 0.8, 0.6, 0.5]) },
      { runId: 'b', ...buckets([1.2, 0.9, null, 0.4]) },
    ],
  },
  {
    key: 'val/macro_f1',
    steps: [10, 20, 30, 40],
    series: [
      { runId: 'a', ...buckets([null, 0.3, null, 0.4]) },
      { runId: 'b', ...buckets([0.1, 0.2, 0.3, 0.35]) },
    ],
  },
];

const options: CompareCurveOptions = {
  xAxis: 'step',
  smoothing: 0,
  logScale: false,
  hidden: new Set(),
  zoom: null,
};

describe('buildCompareCharts', () => {
  it('draws a chart per key with a series per run in its colour, own buckets only', () => {
    const result = buildCompareCharts(curves, runs, ['train/loss', 'val/macro_f1'], EPOCH_KEYS, {
      ...options,
    });
    expect(result.xAxis).toBe('step');
    expect(result.extent).toEqual([10, 40]);
    expect(result.domain).toEqual([10, 40]);
    const [loss, f1] = result.charts;
    expect(loss!.title).toBe('Training loss (per step)');
    expect(loss!.series.map((s) => [s.key, s.color, s.dash])).toEqual([
      ['a', runStyle(0).color, runStyle(0).dash],
      ['b', runStyle(1).color, runStyle(1).dash],
    ]);
    expect(loss!.series[1]!.points.map((p) => p.step)).toEqual([10, 20, 40]);
    expect(f1!.series[0]!.points.map((p) => [p.x, p.value])).toEqual([
      [20, 0.3],
      [40, 0.4],
    ]);
  });

  it('hides the runs the legend hides, and says a key nobody logged', () => {
    const result = buildCompareCharts(curves, runs, ['train/loss', 'nope'], EPOCH_KEYS, {
      ...options,
      hidden: new Set(['a']),
    });
    expect(result.charts[0]!.series.map((s) => s.key)).toEqual(['b']);
    expect(result.charts[1]).toMatchObject({ key: 'nope', title: 'nope', logged: false });
    expect(result.charts[1]!.series).toEqual([]);
  });

  it('maps each run’s steps to epochs through its own boundaries', () => {
    const result = buildCompareCharts(curves, runs, ['train/loss'], EPOCH_KEYS, {
      ...options,
      xAxis: 'epoch',
    });
    expect(result.xAxis).toBe('epoch');
    const [a, b] = result.charts[0]!.series;
    expect(a!.points.map((p) => p.x)).toEqual([0.5, 1, 1.5, 2]);
    expect(b!.points.map((p) => p.x)).toEqual([1, 2, 4]);
  });

  it('keeps steps when a run has no epoch boundary, naming it', () => {
    const withoutEpochs = curves.map((curve) =>
      curve.key === 'val/macro_f1'
        ? { ...curve, series: curve.series.filter((s) => s.runId !== 'b') }
        : curve,
    );
    const result = buildCompareCharts(withoutEpochs, runs, ['train/loss'], EPOCH_KEYS, {
      ...options,
      xAxis: 'epoch',
    });
    expect(result.xAxis).toBe('step');
    expect(result.withoutEpochs).toEqual(['run b']);
  });

  it('zooms every chart to one range, keeping a point beyond each end', () => {
    const result = buildCompareCharts(curves, runs, ['train/loss', 'val/macro_f1'], EPOCH_KEYS, {
      ...options,
      zoom: { from: 20, to: 30 },
    });
    expect(result.domain).toEqual([20, 30]);
    expect(result.extent).toEqual([10, 40]);
    expect(result.charts[0]!.series[0]!.points.map((p) => p.step)).toEqual([10, 20, 30, 40]);
    expect(result.charts[1]!.series[0]!.points.map((p) => p.step)).toEqual([20, 40]);
    const narrow = buildCompareCharts(curves, runs, ['val/macro_f1'], EPOCH_KEYS, {
      ...options,
      zoom: { from: 25, to: 35 },
    });
    expect(narrow.charts[0]!.series[0]!.points.map((p) => p.step)).toEqual([20, 40]);
  });
});

describe('runEpochAxes', () => {
  it('reads each run’s boundaries from its non-null end-of-epoch values', () => {
    const axes = runEpochAxes(curves, ['a', 'b', 'c'], EPOCH_KEYS);
    expect(axes.get('a')).toEqual({ boundaries: [20, 40] });
    expect(axes.get('b')).toEqual({ boundaries: [10, 20, 30, 40] });
    expect(axes.get('c')).toBeNull();
  });
});

describe('drag to zoom', () => {
  it('turns pixels into x values, clamped to the plot', () => {
    expect(xAtOffset(50, 200, [0, 1000])).toBe(250);
    expect(xAtOffset(-5, 200, [0, 1000])).toBe(0);
    expect(xAtOffset(500, 200, [100, 200])).toBe(200);
  });

  it('orders the ends and ignores a click', () => {
    expect(zoomFromDrag(300, 100, [0, 1000])).toEqual({ from: 100, to: 300 });
    expect(zoomFromDrag(100, 101, [0, 1000])).toBeNull();
  });
});

describe('curveTitle', () => {
  it('words the pipeline’s keys and keeps others', () => {
    expect(curveTitle('val/macro_f1')).toBe('Validation macro F1');
    expect(curveTitle('custom/thing')).toBe('custom/thing');
  });
});

describe('drawnPointsPerSeries', () => {
  it('keeps the run page’s cap for a few runs and lowers it for many', () => {
    expect(drawnPointsPerSeries(1)).toBe(200);
    expect(drawnPointsPerSeries(12)).toBe(200);
    expect(drawnPointsPerSeries(20)).toBe(120);
    expect(drawnPointsPerSeries(0)).toBe(200);
    expect(drawnPointsPerSeries(1000)).toBe(60);
  });
});

describe('compactCurves', () => {
  it('rounds to 5 significant digits and drops min and max of one-point buckets', () => {
    const [curve] = compactCurves([
      {
        key: 'k',
        steps: [1, 2],
        series: [
          {
            runId: 'a',
            values: [0.123456789, null],
            min: [0.1, null],
            max: [0.2, null],
            rawPointCount: 4,
          },
          { runId: 'b', values: [1, 2], min: [1, 2], max: [1, 2], rawPointCount: 2 },
        ],
      },
    ]);
    expect(curve!.series[0]).toEqual({
      runId: 'a',
      rawPointCount: 4,
      values: [0.12346, null],
      min: [0.1, null],
      max: [0.2, null],
    });
    expect(curve!.series[1]).toMatchObject({ values: [1, 2], min: [], max: [] });
  });

  it('draws the same chart without the dropped arrays', () => {
    const options: CompareCurveOptions = {
      xAxis: 'step',
      smoothing: 0,
      logScale: false,
      hidden: new Set(),
      zoom: null,
    };
    const full = buildCompareCharts(curves, runs, ['val/macro_f1'], EPOCH_KEYS, options);
    const compact = buildCompareCharts(
      compactCurves(curves),
      runs,
      ['val/macro_f1'],
      EPOCH_KEYS,
      options,
    );
    expect(compact.charts[0]!.series.map((s) => s.points.map((p) => p.value))).toEqual(
      full.charts[0]!.series.map((s) => s.points.map((p) => p.value)),
    );
  });
});
