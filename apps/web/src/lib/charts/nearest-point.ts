// The point of a series nearest to an x position (binary search over sorted x): what a shared
// tooltip shows for series sampled at different x (per-step and per-epoch curves).
import type { CurvePoint } from './curve-series';

export function nearestPoint(
  points: readonly CurvePoint[],
  x: number,
  maxDistance = Infinity,
): CurvePoint | null {
  if (points.length === 0 || !Number.isFinite(x)) return null;
  let lo = 0;
  let hi = points.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.x <= x) lo = mid;
    else hi = mid;
  }
  const a = points[lo]!;
  const b = points[hi]!;
  const best = Math.abs(a.x - x) <= Math.abs(b.x - x) ? a : b;
  return Math.abs(best.x - x) <= maxDistance ? best : null;
}
