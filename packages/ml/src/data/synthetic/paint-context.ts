// What a pattern painter gets: the layout, a seeded rng, the plane to paint and helpers that
// pick positions and clip to compartments of one cell.
import type { Rng } from '../random.ts';
import { stroke, type Clip, type Plane, type Point } from './canvas.ts';
import type { Cell, Layout } from './cell-layout.ts';

export interface PaintContext {
  layout: Layout;
  rng: Rng;
  plane: Plane;
  size: number;
  /** Reticular network field in 0..1, used by ER-like textures. */
  network: Plane;
  /** Smooth zero-mean noise for uneven fills. */
  texture: Plane;
}

export function inCell(ctx: PaintContext, cell: Cell): Clip {
  const { owner } = ctx.layout;
  return (p) => owner[p] === cell.index;
}

export function inNucleus(ctx: PaintContext, cell: Cell): Clip {
  const { owner, nucDist } = ctx.layout;
  return (p) => owner[p] === cell.index && (nucDist[p] as number) < 1;
}

export function inCytoplasm(ctx: PaintContext, cell: Cell): Clip {
  const { owner, nucDist } = ctx.layout;
  return (p) => owner[p] === cell.index && (nucDist[p] as number) >= 1.05;
}

/** Uniform-ish point inside the nucleus ellipse, `within` in 0..1 of its radius. */
export function pointInNucleus(ctx: PaintContext, cell: Cell, within = 0.85): Point {
  const { x, y, a, b, angle } = cell.nucleus;
  const t = ctx.rng.range(0, 2 * Math.PI);
  const r = Math.sqrt(ctx.rng.next()) * within;
  const u = Math.cos(t) * r * a;
  const v = Math.sin(t) * r * b;
  return {
    x: x + u * Math.cos(angle) - v * Math.sin(angle),
    y: y + u * Math.sin(angle) + v * Math.cos(angle),
  };
}

/**
 * Point in the cytoplasm: `from`..`to` is the fraction of the way from the nucleus edge to the
 * cell edge (0 = perinuclear, 1 = membrane).
 */
export function pointInCytoplasm(
  ctx: PaintContext,
  cell: Cell,
  from = 0.05,
  to = 0.9,
  angle = ctx.rng.range(0, 2 * Math.PI),
): Point {
  const nr = (cell.nucleus.a + cell.nucleus.b) / 2;
  const f = ctx.rng.range(from, to);
  const d = nr + f * Math.max(cell.radius - nr, 1);
  return { x: cell.nucleus.x + Math.cos(angle) * d, y: cell.nucleus.y + Math.sin(angle) * d };
}

/** Calls fn for every pixel owned by the cell. */
export function eachPixel(ctx: PaintContext, cell: Cell, fn: (p: number) => void): void {
  const { size } = ctx;
  const reach = cell.radius * 1.6;
  const xa = Math.max(0, Math.floor(cell.x - reach));
  const xb = Math.min(size - 1, Math.ceil(cell.x + reach));
  const ya = Math.max(0, Math.floor(cell.y - reach));
  const yb = Math.min(size - 1, Math.ceil(cell.y + reach));
  for (let y = ya; y <= yb; y += 1) {
    for (let x = xa; x <= xb; x += 1) {
      const p = y * size + x;
      if (ctx.layout.owner[p] === cell.index) fn(p);
    }
  }
}

/** Fill of the cytoplasm with a texture multiplier (weight(p) picks where). */
export function fillCytoplasm(
  ctx: PaintContext,
  cell: Cell,
  amp: number,
  weight: (p: number) => number,
) {
  const { nucDist, cellDist } = ctx.layout;
  eachPixel(ctx, cell, (p) => {
    if ((nucDist[p] as number) < 1.02) return;
    const edge = Math.min(1, (1 - (cellDist[p] as number)) / 0.08);
    ctx.plane[p] = (ctx.plane[p] as number) + amp * edge * weight(p);
  });
}

/** A fibre confined to one cell. */
export function filament(ctx: PaintContext, cell: Cell, path: Point[], amp: number) {
  stroke(ctx.plane, ctx.size, path, amp, inCell(ctx, cell));
}
