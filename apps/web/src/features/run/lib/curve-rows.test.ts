import { describe, expect, it } from 'vitest';
import { alignSeriesRows, buildCurveRows, type CurveInput } from './curve-rows';

/** One run's curve as compareRuns returns it (one series, min = max when not downsampled). */
function curve(
  key: string,
  steps: number[],
  values: (number | null)[],
  rawPointCount = steps.length,
): CurveInput {
  return { key, steps, series: [{ runId: 'r', values, min: values, max: values, rawPointCount }] };
}

// 4 steps per epoch, 2 epochs: per-step loss at 0..7, end-of-epoch metrics at 4 and 8.
const curves: CurveInput[] = [
  curve('train/loss', [0, 1, 2, 3, 4, 5, 6, 7], [1, 0.9, null, 0.7, 0.6, 0.5, 0.4, 0.3]),
  curve('val/loss', [4, 8], [0.8, 0.5]),
  curve('val/macro_f1', [4, 8], [0.2, 0.4]),
  curve('train/learning_rate', [0, 1, 2, 3, 4, 5, 6, 7], [0.001, 0.001, 0.001, 0.001, 0, 0, 0, 0]),
];
const off = { xAxis: 'step', smoothing: 0, logScale: false } as const;

describe('buildCurveRows', () => {
  it('groups curves into panels, keeping each series on its own steps', () => {
    const rows = buildCurveRows(curves, off);
    const loss = rows.panels.find((panel) => panel.panel.id === 'loss')!;
    expect(loss.series.map((series) => series.key)).toEqual(['train/loss', 'val/loss']);
    expect(loss.series[1]!.points.map((point) => [point.x, point.value])).toEqual([
      [4, 0.8],
      [8, 0.5],
    ]);
    // A panel whose curve the run never logged is empty, not an error.
    expect(rows.panels.find((panel) => panel.panel.id === 'throughput')!.series).toEqual([]);
  });

  it('keeps nulls as gaps in values, smoothing and band', () => {
    const rows = buildCurveRows(curves, { ...off, smoothing: 0.6 });
    const train = rows.panels[0]!.series[0]!;
    expect(train.points[2]).toMatchObject({ step: 2, value: null, smoothed: null, band: null });
    expect(train.points[3]!.smoothed).not.toBeNull();
  });

  it('puts x on (fractional) epochs from the end-of-epoch steps', () => {
    const rows = buildCurveRows(curves, { ...off, xAxis: 'epoch' });
    expect(rows.xAxis).toBe('epoch');
    const train = rows.panels[0]!.series[0]!;
    expect(train.points.map((point) => point.x)).toEqual([0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75]);
    expect(rows.panels[1]!.series[0]!.points.map((point) => point.x)).toEqual([1, 2]);
  });

  it('falls back to steps when no epoch boundary is known', () => {
    const rows = buildCurveRows([curves[0]!], { ...off, xAxis: 'epoch' });
    expect(rows.xAxis).toBe('step');
    expect(rows.epochAxis).toBeNull();
  });

  it('uses evaluation steps as epoch boundaries when end-of-epoch curves are missing', () => {
    const rows = buildCurveRows([curves[0]!], { ...off, xAxis: 'epoch' }, [4, 8]);
    expect(rows.xAxis).toBe('epoch');
    expect(rows.panels[0]!.series[0]!.points[6]!.x).toBe(1.5);
  });

  it('hides non-positive values on a log scale and counts them', () => {
    const rows = buildCurveRows(curves, { ...off, logScale: true });
    const lr = rows.panels.find((panel) => panel.panel.id === 'learning-rate')!;
    expect(lr.hiddenOnLog).toBe(4);
    expect(lr.series[0]!.points.slice(3, 5).map((point) => point.value)).toEqual([0.001, null]);
    expect(lr.series[0]!.points[4]!.band).toBeNull();
  });

  it('carries the min/max band of downsampled buckets', () => {
    const downsampled: CurveInput = {
      key: 'train/loss',
      steps: [9, 19],
      series: [
        { runId: 'r', values: [0.8, 0.4], min: [0.5, 0.3], max: [1.2, 0.9], rawPointCount: 20 },
      ],
    };
    const series = buildCurveRows([downsampled], off).panels[0]!.series[0]!;
    expect(series.downsampled).toBe(true);
    expect(series.points.map((point) => point.band)).toEqual([
      [0.5, 1.2],
      [0.3, 0.9],
    ]);
    const onLog = buildCurveRows(
      [{ ...downsampled, series: [{ ...downsampled.series[0]!, min: [-0.1, 0.3] }] }],
      { ...off, logScale: true },
    ).panels[0]!.series[0]!;
    expect(onLog.points[0]!.band).toBeNull();
    expect(onLog.points[0]!.value).toBe(0.8);
  });

  it("aligns a panel's series on the union of steps for the table", () => {
    const loss = buildCurveRows(curves, off).panels[0]!;
    const table = alignSeriesRows(loss.series);
    expect(table).toHaveLength(9);
    expect(table[4]).toEqual({ x: 4, step: 4, values: { 'train/loss': 0.6, 'val/loss': 0.8 } });
    expect(table[8]).toEqual({ x: 8, step: 8, values: { 'val/loss': 0.5 } });
    expect(table[2]!.values['train/loss']).toBeNull();
  });
});
