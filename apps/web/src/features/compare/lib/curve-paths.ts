// SVG paths and axis ticks of the compare page's curves, drawn without a chart library
// (components/compare-curve-chart says why): every run's line and band as a path in a viewBox
// that is stretched over the plot area, so the server can render the charts with the page.
import type { CurvePoint } from '@/lib/charts/curve-series';

/** Data -> viewBox units for one axis: the domain and the range it spans (log10 when asked). */
export interface AxisMap {
  domain: readonly [number, number];
  /** Units of the domain's low and high end (y runs downwards: low end = bottom). */
  range: readonly [number, number];
  log: boolean;
}

export function project(map: AxisMap, value: number): number {
  const t = map.log ? Math.log10 : (v: number) => v;
  const [d0, d1] = [t(map.domain[0]), t(map.domain[1])];
  const share = d1 === d0 ? 0.5 : (t(value) - d0) / (d1 - d0);
  return map.range[0] + share * (map.range[1] - map.range[0]);
}

/** Whole viewBox units: a 1000-unit plot ~600 px wide is off by 0.3 px at most, and the
 * page's SVG (20 runs x 6 charts, rendered on the server) is a third smaller than with tenths. */
const fixed = (value: number) => Math.round(value);

/**
 * A line through the points' `value` (or `smoothed`): a new subpath after each gap (null), as
 * the run page's charts draw one. Empty when no point has a value.
 */
export function linePath(
  points: readonly CurvePoint[],
  field: 'value' | 'smoothed',
  x: AxisMap,
  y: AxisMap,
): string {
  let path = '';
  let drawing = false;
  for (const point of points) {
    const value = point[field];
    if (value === null || (y.log && value <= 0)) {
      drawing = false;
      continue;
    }
    path += `${drawing ? 'L' : 'M'}${fixed(project(x, point.x))},${fixed(project(y, value))}`;
    drawing = true;
  }
  return path;
}

/** The min/max band: a closed shape per stretch of points that have one. */
export function bandPath(points: readonly CurvePoint[], x: AxisMap, y: AxisMap): string {
  const shapes: string[] = [];
  let stretch: { x: number; low: number; high: number }[] = [];
  const close = () => {
    if (stretch.length > 1) {
      const top = stretch.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.high}`).join('');
      const bottom = [...stretch]
        .reverse()
        .map((p) => `L${p.x},${p.low}`)
        .join('');
      shapes.push(`${top}${bottom}Z`);
    }
    stretch = [];
  };
  for (const point of points) {
    const band = point.band;
    if (!band || (y.log && band[0] <= 0)) {
      close();
      continue;
    }
    stretch.push({
      x: fixed(project(x, point.x)),
      low: fixed(project(y, band[0])),
      high: fixed(project(y, band[1])),
    });
  }
  close();
  return shapes.join('');
}

/** The lowest and highest value the chart draws (values, smoothed values, bands when shown). */
export function valueExtent(
  series: readonly { points: readonly CurvePoint[]; downsampled: boolean }[],
  band: boolean,
): [number, number] | null {
  let low = Infinity;
  let high = -Infinity;
  const see = (value: number | null) => {
    if (value === null || !Number.isFinite(value)) return;
    if (value < low) low = value;
    if (value > high) high = value;
  };
  for (const entry of series) {
    for (const point of entry.points) {
      see(point.value);
      see(point.smoothed);
      if (band && entry.downsampled && point.band) {
        see(point.band[0]);
        see(point.band[1]);
      }
    }
  }
  return low <= high ? [low, high] : null;
}

/**
 * A linear axis' domain with round ends: the extent widened to multiples of a 1, 2, 2.5 or 5
 * step that splits it in about four.
 */
export function niceDomain([low, high]: [number, number]): [number, number] {
  if (low === high) {
    const pad = low === 0 ? 1 : Math.abs(low) * 0.1;
    return [low - pad, high + pad];
  }
  const rough = (high - low) / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= rough)!;
  // toPrecision drops float noise (0.6000000000000001 for 3 x 0.2).
  const round = (value: number) => Number(value.toPrecision(12));
  return [round(Math.floor(low / step) * step), round(Math.ceil(high / step) * step)];
}

/** Multiples of a 1, 2, 2.5 or 5 step inside a linear domain, about `count` of them. */
export function linearTicks([low, high]: readonly [number, number], count = 5): number[] {
  if (!(high > low)) return [low];
  const rough = (high - low) / Math.max(1, count - 1);
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= rough)!;
  const ticks: number[] = [];
  for (let i = Math.ceil(low / step); i * step <= high + step * 1e-9; i += 1) {
    ticks.push(Number((i * step).toPrecision(12)));
  }
  return ticks;
}

/** Powers of ten inside a log domain; with fewer than three, their 2x and 5x too. */
export function logTicks([low, high]: readonly [number, number]): number[] {
  const powers: number[] = [];
  for (let e = Math.ceil(Math.log10(low) - 1e-9); 10 ** e <= high * (1 + 1e-9); e += 1) {
    powers.push(Number((10 ** e).toPrecision(12)));
  }
  if (powers.length >= 3) return powers;
  const more = powers.flatMap((p) => [p / 10, p].flatMap((q) => [q, q * 2, q * 5]));
  return [...new Set(more.map((v) => Number(v.toPrecision(12))))]
    .filter((v) => v >= low * (1 - 1e-9) && v <= high * (1 + 1e-9))
    .sort((a, b) => a - b);
}
