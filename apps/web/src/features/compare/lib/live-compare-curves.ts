// The compare page's curves with the points its running runs logged after the page loaded
// (issue 20): each running run's runEvents stream resumes from a cursor per curve, and its
// points are merged into compareRuns' buckets here.
//
// compareRuns labels a bucket with the last step any run logged in it, so a run's last bucket
// may carry a step past the run's own last point (another run went further in that bucket).
// Resuming from that label would lose the run's points between the two. So each stream
// resumes from the label of the bucket before the run's last one: the API sends the last
// bucket's points again, and once they arrive they replace that bucket's mean. Every point is
// drawn once: the buckets before hold only points at or below that label, the replaced bucket
// is gone, and the stream sends each point above the cursor once, in step order.
import type { CompactCurve } from './compare-curves';

export interface LivePoint {
  key: string;
  step: number;
  value: number;
}

/** Points that arrived live: per run, per key, in increasing step order. */
export type LiveRunPoints = ReadonlyMap<string, ReadonlyMap<string, readonly LivePoint[]>>;

/** A stream's resume point: runEvents' `after` per curve and `afterStep` for the rest. */
export interface LiveCursor {
  after: { key: string; step: number }[];
  afterStep: number;
}

/** The index of the run's last bucket on this curve, or -1 when it has none there. */
function lastBucket(values: readonly (number | null)[]): number {
  for (let i = values.length - 1; i >= 0; i -= 1) if (values[i] !== null) return i;
  return -1;
}

/** The step from which a run's stream resumes on a curve without live points yet. */
function serverCursor(curve: CompactCurve, runId: string): number {
  const series = curve.series.find((entry) => entry.runId === runId);
  const last = series ? lastBucket(series.values) : -1;
  return last > 0 ? curve.steps[last - 1]! : -1;
}

/** Adds a delivery's points of the page's keys, keeping each key's steps increasing. */
export function appendRunPoints(
  live: LiveRunPoints,
  runId: string,
  points: readonly LivePoint[],
  keys: readonly string[],
): LiveRunPoints {
  const ofRun = new Map(live.get(runId) ?? []);
  let added = false;
  for (const point of points) {
    if (!keys.includes(point.key)) continue;
    const list = ofRun.get(point.key) ?? [];
    if (list.length > 0 && list[list.length - 1]!.step >= point.step) continue;
    ofRun.set(point.key, [...list, point]);
    added = true;
  }
  if (!added) return live;
  return new Map(live).set(runId, ofRun);
}

/** Where a run's stream (re)starts: its last live step per curve, else before its last bucket. */
export function runCursor(
  curves: readonly CompactCurve[],
  live: LiveRunPoints,
  runId: string,
): LiveCursor {
  const ofRun = live.get(runId);
  const after = curves.map((curve) => {
    const points = ofRun?.get(curve.key);
    const step =
      points && points.length > 0 ? points[points.length - 1]!.step : serverCursor(curve, runId);
    return { key: curve.key, step };
  });
  // Keys the page does not draw are not needed: start them where the page's curves are.
  const afterStep = after.reduce((most, entry) => Math.max(most, entry.step), -1);
  return { after, afterStep };
}

/** One curve with each run's live points in place of its last bucket and after it. */
function mergeCurve(curve: CompactCurve, live: LiveRunPoints): CompactCurve {
  const arrivals = [...live].flatMap(([runId, ofRun]) => {
    const points = ofRun.get(curve.key) ?? [];
    return points.length > 0 ? [{ runId, points }] : [];
  });
  if (arrivals.length === 0) return curve;
  const steps = [
    ...new Set([...curve.steps, ...arrivals.flatMap(({ points }) => points.map((p) => p.step))]),
  ].sort((a, b) => a - b);
  const position = new Map(steps.map((step, i) => [step, i]));
  const spread = (values: readonly (number | null)[]) => {
    const placed = new Array<number | null>(steps.length).fill(null);
    values.forEach((value, i) => {
      placed[position.get(curve.steps[i]!)!] = value;
    });
    return placed;
  };
  const series = curve.series.map((entry) => ({
    ...entry,
    values: spread(entry.values),
    // A run without a band (one point per bucket) keeps none.
    min: entry.min.length > 0 ? spread(entry.min) : [],
    max: entry.max.length > 0 ? spread(entry.max) : [],
  }));
  for (const { runId, points } of arrivals) {
    let entry = series.find((candidate) => candidate.runId === runId);
    if (!entry) {
      entry = {
        runId,
        rawPointCount: 0,
        values: new Array<number | null>(steps.length).fill(null),
        min: [],
        max: [],
      };
      series.push(entry);
    }
    // The replaced bucket: the stream sent its points again (they are all above the cursor).
    const original = curve.series.find((candidate) => candidate.runId === runId);
    const replaced = original ? lastBucket(original.values) : -1;
    if (replaced >= 0) {
      const at = position.get(curve.steps[replaced]!)!;
      entry.values[at] = null;
      if (entry.min.length > 0) entry.min[at] = null;
      if (entry.max.length > 0) entry.max[at] = null;
    }
    for (const point of points) {
      const at = position.get(point.step)!;
      entry.values[at] = point.value;
      if (entry.min.length > 0) entry.min[at] = point.value;
      if (entry.max.length > 0) entry.max[at] = point.value;
    }
    // Counts the replaced bucket's points twice (their number is not on the page): this only
    // decides whether the curve is called downsampled, which it was already.
    entry.rawPointCount += points.length;
  }
  return { ...curve, steps, series };
}

/** The page's curves with every live point merged in (the same object when none arrived). */
export function mergeLiveCompareCurves(
  curves: readonly CompactCurve[],
  live: LiveRunPoints,
): readonly CompactCurve[] {
  if (live.size === 0) return curves;
  return curves.map((curve) => mergeCurve(curve, live));
}
