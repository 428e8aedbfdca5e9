// Float32 drawing primitives for the synthetic images: bilinear splats, Gaussian spots, strokes
// and fast blurs. Everything works on one size x size plane; a clip predicate keeps a structure
// inside its compartment (a nucleolus never leaks into the cytoplasm).
import type { Rng } from '../random.ts';

export type Plane = Float32Array;
/** Pixel index -> may this structure paint here? */
export type Clip = (pixel: number) => boolean;

export interface Point {
  x: number;
  y: number;
}

export function splat(plane: Plane, size: number, x: number, y: number, v: number, clip?: Clip) {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  for (let dy = 0; dy <= 1; dy += 1) {
    const yy = y0 + dy;
    if (yy < 0 || yy >= size) continue;
    for (let dx = 0; dx <= 1; dx += 1) {
      const xx = x0 + dx;
      if (xx < 0 || xx >= size) continue;
      const p = yy * size + xx;
      if (clip && !clip(p)) continue;
      plane[p] = (plane[p] as number) + v * (dx ? fx : 1 - fx) * (dy ? fy : 1 - fy);
    }
  }
}

/** Adds a Gaussian spot; `ring` > 0 makes it a hollow ring of that radius instead. */
export function spot(
  plane: Plane,
  size: number,
  cx: number,
  cy: number,
  sigma: number,
  amp: number,
  clip?: Clip,
  ring = 0,
) {
  const reach = ring + 3 * sigma;
  const xa = Math.max(0, Math.floor(cx - reach));
  const xb = Math.min(size - 1, Math.ceil(cx + reach));
  const ya = Math.max(0, Math.floor(cy - reach));
  const yb = Math.min(size - 1, Math.ceil(cy + reach));
  const inv = 1 / (2 * sigma * sigma);
  for (let y = ya; y <= yb; y += 1) {
    for (let x = xa; x <= xb; x += 1) {
      const p = y * size + x;
      if (clip && !clip(p)) continue;
      const r = Math.sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy)) - ring;
      plane[p] = (plane[p] as number) + amp * Math.exp(-r * r * inv);
    }
  }
}

/** Draws a polyline by splatting every half pixel; width comes from a later blur. */
export function stroke(plane: Plane, size: number, points: Point[], amp: number, clip?: Clip) {
  for (let i = 1; i < points.length; i += 1) {
    const a = points[i - 1] as Point;
    const b = points[i] as Point;
    const steps = Math.max(1, Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) * 2));
    for (let s = 0; s < steps; s += 1) {
      const t = s / steps;
      splat(plane, size, a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, amp * 0.5, clip);
    }
  }
}

/** A smooth random walk: `length` px long, turning by up to `curl` radians per step. */
export function wanderingPath(
  rng: Rng,
  start: Point,
  heading: number,
  length: number,
  curl: number,
  step = 1.5,
): Point[] {
  const points: Point[] = [{ ...start }];
  let angle = heading;
  let turn = 0;
  let { x, y } = start;
  for (let travelled = 0; travelled < length; travelled += step) {
    turn = 0.7 * turn + 0.3 * rng.normal() * curl;
    angle += turn;
    x += Math.cos(angle) * step;
    y += Math.sin(angle) * step;
    points.push({ x, y });
  }
  return points;
}

// Running-sum box blur along rows (stride 1) or columns (stride size), edges clamped. Plain
// index arithmetic: this is the hottest loop of the generator.
function boxBlurPass(src: Plane, dst: Plane, size: number, radius: number, horizontal: boolean) {
  const norm = 1 / (2 * radius + 1);
  const step = horizontal ? 1 : size;
  const lineStep = horizontal ? size : 1;
  const last = size - 1;
  for (let line = 0; line < size; line += 1) {
    const base = line * lineStep;
    let sum = 0;
    for (let k = -radius - 1; k < radius; k += 1) {
      sum += src[base + (k < 0 ? 0 : k > last ? last : k) * step] as number;
    }
    for (let k = 0; k < size; k += 1) {
      const add = k + radius > last ? last : k + radius;
      const drop = k - radius - 1 < 0 ? 0 : k - radius - 1;
      sum += (src[base + add * step] as number) - (src[base + drop * step] as number);
      dst[base + k * step] = sum * norm;
    }
  }
}

/** Approximate Gaussian blur (three box passes each way), in place. */
export function blur(plane: Plane, size: number, sigma: number, passes = 3): Plane {
  if (sigma < 0.3) return plane;
  // Box width for three passes approximating a Gaussian of this sigma.
  const radius = Math.max(1, Math.round((Math.sqrt(4 * sigma * sigma + 1) - 1) / 2));
  const tmp = new Float32Array(plane.length);
  for (let pass = 0; pass < passes; pass += 1) {
    boxBlurPass(plane, tmp, size, radius, true);
    boxBlurPass(tmp, plane, size, radius, false);
  }
  return plane;
}

/** Light [1 2 1] x [1 2 1] blur (a ~0.7 px point-spread function), edges clamped. */
export function softenSmall(plane: Plane, size: number): Plane {
  const tmp = new Float32Array(plane.length);
  const last = size - 1;
  for (let y = 0; y < size; y += 1) {
    const row = y * size;
    for (let x = 0; x < size; x += 1) {
      const left = plane[row + (x > 0 ? x - 1 : 0)] as number;
      const right = plane[row + (x < last ? x + 1 : last)] as number;
      tmp[row + x] = 0.25 * left + 0.5 * (plane[row + x] as number) + 0.25 * right;
    }
  }
  const out = new Float32Array(plane.length);
  for (let y = 0; y < size; y += 1) {
    const up = (y > 0 ? y - 1 : 0) * size;
    const down = (y < last ? y + 1 : last) * size;
    const row = y * size;
    for (let x = 0; x < size; x += 1) {
      out[row + x] =
        0.25 * (tmp[up + x] as number) +
        0.5 * (tmp[row + x] as number) +
        0.25 * (tmp[down + x] as number);
    }
  }
  return out;
}

/** Zero-mean unit-variance noise band-passed between two blur scales. */
export function bandNoise(rng: Rng, size: number, fine: number, coarse: number): Plane {
  // Uniform white noise: after blurring it is Gaussian anyway (central limit), and far cheaper.
  const white = new Float32Array(size * size);
  for (let i = 0; i < white.length; i += 1) white[i] = rng.next() - 0.5;
  // Two box passes are Gaussian enough for a texture and a third cheaper than three.
  const a = blur(white.slice(), size, fine, 2);
  const b = blur(white, size, coarse, 2);
  let sq = 0;
  for (let i = 0; i < a.length; i += 1) {
    const v = (a[i] as number) - (b[i] as number);
    a[i] = v;
    sq += v * v;
  }
  const scale = 1 / Math.sqrt(sq / a.length + 1e-12);
  for (let i = 0; i < a.length; i += 1) a[i] = (a[i] as number) * scale;
  return a;
}

/** Thin bright lines along the zero crossings of band noise: a reticular network. */
export function networkField(rng: Rng, size: number, fine: number, coarse: number): Plane {
  const field = bandNoise(rng, size, fine, coarse);
  for (let i = 0; i < field.length; i += 1) {
    const v = (field[i] as number) / 0.35;
    field[i] = Math.exp(-v * v);
  }
  return field;
}
