// The run page's curves with the points that arrived live. The server's curves (compareRuns'
// buckets) end at each key's last step when the page (or its last refresh) loaded; a live
// point is drawn after them only when its step is past that end, so a refresh that brings the
// same points from the server draws them once, and a reconnect resumes from these cursors.
import type { CurveCharts_CurveFragment } from '@/graphql/generated/graphql';

export interface LivePoint {
  key: string;
  step: number;
  value: number;
}

/** Points that arrived live, per key, in step order. */
export type LivePoints = ReadonlyMap<string, readonly LivePoint[]>;

function lastStep(steps: readonly number[]): number {
  return steps.length > 0 ? Math.max(...steps) : -1;
}

/** Adds a delivery's points of the page's keys, keeping each key's steps increasing. */
export function appendLivePoints(
  live: LivePoints,
  points: readonly LivePoint[],
  keys: readonly string[],
): LivePoints {
  const next = new Map(live);
  for (const point of points) {
    if (!keys.includes(point.key)) continue;
    const list = next.get(point.key) ?? [];
    if (list.length > 0 && list[list.length - 1]!.step >= point.step) continue;
    next.set(point.key, [...list, point]);
  }
  return next;
}

/** The server's curves, each extended by its live points past its last step. */
export function mergeLiveCurves(
  curves: readonly CurveCharts_CurveFragment[],
  live: LivePoints,
  runId: string,
): CurveCharts_CurveFragment[] {
  const merged = curves.map((curve) => {
    const extra = (live.get(curve.key) ?? []).filter((p) => p.step > lastStep(curve.steps));
    if (extra.length === 0) return curve;
    const values = extra.map((p) => p.value);
    return {
      ...curve,
      steps: [...curve.steps, ...extra.map((p) => p.step)],
      series: curve.series.map((series) => ({
        ...series,
        values: [...series.values, ...values],
        min: [...series.min, ...values],
        max: [...series.max, ...values],
        rawPointCount: series.rawPointCount + extra.length,
      })),
    };
  });
  for (const [key, points] of live) {
    if (points.length === 0 || curves.some((curve) => curve.key === key)) continue;
    const values = points.map((p) => p.value);
    merged.push({
      key,
      steps: points.map((p) => p.step),
      series: [{ runId, values, min: values, max: values, rawPointCount: points.length }],
    });
  }
  return merged;
}

/**
 * Where a (re)subscription starts: each key's last step drawn, and for keys not drawn yet the
 * largest step drawn anywhere (their earlier points, if any, are not on this page).
 */
export function liveCursor(
  curves: readonly CurveCharts_CurveFragment[],
  keys: readonly string[],
): { after: { key: string; step: number }[]; afterStep: number } {
  const after = keys.flatMap((key) => {
    const curve = curves.find((c) => c.key === key);
    return curve && curve.steps.length > 0 ? [{ key, step: lastStep(curve.steps) }] : [];
  });
  const afterStep = after.length > 0 ? Math.max(...after.map((entry) => entry.step)) : -1;
  // Keys of the page with no point yet must get all of theirs.
  const missing = keys.filter((key) => !after.some((entry) => entry.key === key));
  return { after: [...after, ...missing.map((key) => ({ key, step: -1 }))], afterStep };
}
