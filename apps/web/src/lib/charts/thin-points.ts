// Fewer points for drawing a curve than the API's buckets. A chart about 600 px wide draws 500
// buckets per series as sub-pixel segments that look the same as a third of them, while every
// point costs recharts work on each of its render passes (domains, scaled points, the path).
// So the charts draw merged groups of consecutive buckets; the tooltip and the table behind a
// chart keep reading the API's buckets.
import type { CurvePoint } from './curve-series';

/** At most this many points per series are drawn (about one per 3 px of a plot ~600 px wide). */
export const DRAWN_POINTS_PER_SERIES = 200;

/**
 * Merges runs of consecutive points into one when there are more than `maxPoints`: the mean of
 * the merged buckets' values (and of their smoothed values) at the middle point's x, and a band
 * from the lowest min to the highest max, so the min/max band still spans every logged value. A
 * group whose buckets are all gaps stays a gap; a gap narrower than a group (under 3 px) is
 * bridged. Points are in x order; fewer than `maxPoints` are returned as they are.
 */
export function thinPoints(
  points: CurvePoint[],
  maxPoints = DRAWN_POINTS_PER_SERIES,
): CurvePoint[] {
  if (maxPoints < 1 || points.length <= maxPoints) return points;
  const size = Math.ceil(points.length / maxPoints);
  const thinned: CurvePoint[] = [];
  for (let start = 0; start < points.length; start += size) {
    const group = points.slice(start, start + size);
    const middle = group[Math.floor((group.length - 1) / 2)]!;
    let low = Infinity;
    let high = -Infinity;
    for (const point of group) {
      if (!point.band) continue;
      low = Math.min(low, point.band[0]);
      high = Math.max(high, point.band[1]);
    }
    thinned.push({
      x: middle.x,
      step: middle.step,
      value: meanOf(group.map((point) => point.value)),
      smoothed: meanOf(group.map((point) => point.smoothed)),
      band: low <= high ? [low, high] : null,
    });
  }
  return thinned;
}

function meanOf(values: readonly (number | null)[]): number | null {
  let sum = 0;
  let count = 0;
  for (const value of values) {
    if (value === null) continue;
    sum += value;
    count += 1;
  }
  return count > 0 ? sum / count : null;
}
