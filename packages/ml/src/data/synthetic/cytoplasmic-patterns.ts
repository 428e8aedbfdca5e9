// Green-channel painters for the cytoplasmic organelles and fills (6-10, 20, 23-27).
import { spot, stroke, wanderingPath } from './canvas.ts';
import type { Cell } from './cell-layout.ts';
import type { Painter } from './nuclear-patterns.ts';
import {
  fillCytoplasm,
  filament,
  inCytoplasm,
  pointInCytoplasm,
  type PaintContext,
} from './paint-context.ts';

const TAU = 2 * Math.PI;

export function dots(
  ctx: PaintContext,
  cell: Cell,
  count: number,
  sigma: number,
  amp: number,
  from: number,
  to: number,
) {
  const clip = inCytoplasm(ctx, cell);
  for (let i = 0; i < count; i += 1) {
    const at = pointInCytoplasm(ctx, cell, from, to);
    spot(
      ctx.plane,
      ctx.size,
      at.x,
      at.y,
      sigma * ctx.rng.range(0.8, 1.25),
      amp * ctx.rng.range(0.6, 1.2),
      clip,
    );
  }
}

/** Perinuclear weight: 1 at the nucleus, falling towards the membrane. */
function perinuclear(ctx: PaintContext, p: number, falloff: number): number {
  return Math.exp(-Math.max(0, (ctx.layout.nucDist[p] as number) - 1) / falloff);
}

/** 6 Endoplasmic reticulum: a fine network densest around the nucleus. */
export const endoplasmicReticulum: Painter = (ctx, cell, amp) =>
  fillCytoplasm(
    ctx,
    cell,
    amp,
    (p) => (0.15 + 0.95 * (ctx.network[p] as number)) * (0.25 + perinuclear(ctx, p, 0.9)),
  );

/** 7 Golgi apparatus: a compact crescent of bright blobs on one side of the nucleus. */
export const golgi: Painter = (ctx, cell, amp) => {
  const clip = inCytoplasm(ctx, cell);
  const side = Math.atan2(cell.centrosome.y - cell.nucleus.y, cell.centrosome.x - cell.nucleus.x);
  const count = 6 + ctx.rng.int(7);
  for (let i = 0; i < count; i += 1) {
    const at = pointInCytoplasm(ctx, cell, 0.02, 0.3, side + ctx.rng.normal() * 0.45);
    spot(ctx.plane, ctx.size, at.x, at.y, Math.max(0.8, cell.radius * 0.06), amp * 1.1, clip);
  }
};

/** 8 Peroxisomes: many tiny, evenly spread dots. */
export const peroxisomes: Painter = (ctx, cell, amp) =>
  dots(ctx, cell, 25 + ctx.rng.int(25), 0.65, amp * 2.2, 0.02, 0.95);

/** 9 Endosomes: scattered medium vesicles of mixed size. */
export const endosomes: Painter = (ctx, cell, amp) =>
  dots(ctx, cell, 10 + ctx.rng.int(10), Math.max(0.8, cell.radius * 0.055), amp * 1.6, 0.05, 0.9);

/** 10 Lysosomes: a dense perinuclear cluster of small bright puncta on one side. */
export const lysosomes: Painter = (ctx, cell, amp) => {
  const clip = inCytoplasm(ctx, cell);
  const side = ctx.rng.range(0, TAU);
  for (let i = 0; i < 18 + ctx.rng.int(12); i += 1) {
    const at = pointInCytoplasm(ctx, cell, 0.02, 0.4, side + ctx.rng.normal() * 0.8);
    spot(ctx.plane, ctx.size, at.x, at.y, 0.75, amp * 2.2, clip);
  }
};

/** 20 Lipid droplets: a few hollow rings of clearly visible size. */
export const lipidDroplets: Painter = (ctx, cell, amp) => {
  const clip = inCytoplasm(ctx, cell);
  for (let i = 0; i < 2 + ctx.rng.int(5); i += 1) {
    const at = pointInCytoplasm(ctx, cell, 0.15, 0.8);
    const ring = Math.max(1.8, cell.radius * ctx.rng.range(0.09, 0.15));
    spot(ctx.plane, ctx.size, at.x, at.y, 0.6, amp * 1.3, clip, ring);
  }
};

/** 23 Mitochondria: many short, thick, curved threads, densest around the nucleus. */
export const mitochondria: Painter = (ctx, cell, amp) => {
  for (let i = 0; i < 35 + ctx.rng.int(30); i += 1) {
    const start = pointInCytoplasm(ctx, cell, 0.02, ctx.rng.chance(0.6) ? 0.45 : 0.9);
    const path = wanderingPath(
      ctx.rng,
      start,
      ctx.rng.range(0, TAU),
      cell.radius * ctx.rng.range(0.12, 0.3),
      0.35,
      1,
    );
    filament(ctx, cell, path, amp * 0.7);
    filament(
      ctx,
      cell,
      path.map((q) => ({ x: q.x + 0.6, y: q.y + 0.4 })),
      amp * 0.35,
    );
  }
};

/** 24 Aggresome: one large, very bright, irregular blob against the nucleus. */
export const aggresome: Painter = (ctx, cell, amp) => {
  const side = ctx.rng.range(0, TAU);
  const at = pointInCytoplasm(ctx, cell, 0.05, 0.2, side);
  const sigma = Math.max(1.5, cell.radius * ctx.rng.range(0.12, 0.17));
  spot(ctx.plane, ctx.size, at.x, at.y, sigma, amp * 2);
  spot(
    ctx.plane,
    ctx.size,
    at.x + ctx.rng.normal() * sigma * 0.5,
    at.y + ctx.rng.normal() * sigma * 0.5,
    sigma * 0.7,
    amp,
  );
  fillCytoplasm(ctx, cell, amp * 0.08, () => 1);
};

/** 25 Cytosol: a smooth fill of the cell body, the nucleus left dark. */
export const cytosol: Painter = (ctx, cell, amp) =>
  fillCytoplasm(ctx, cell, amp * 0.55, (p) => 1 + 0.15 * (ctx.texture[p] as number));

/** 26 Cytoplasmic bodies: one to three distinct round bodies at random in the cytoplasm. */
export const cytoplasmicBodies: Painter = (ctx, cell, amp) =>
  dots(ctx, cell, 1 + ctx.rng.int(3), Math.max(1, cell.radius * 0.08), amp * 2.4, 0.2, 0.85);

/** 27 Rods & rings: thin bright rods and small rings scattered in the cytoplasm. */
export const rodsAndRings: Painter = (ctx, cell, amp) => {
  const clip = inCytoplasm(ctx, cell);
  for (let i = 0; i < 2 + ctx.rng.int(4); i += 1) {
    const at = pointInCytoplasm(ctx, cell, 0.1, 0.85);
    if (ctx.rng.chance(0.65)) {
      const t = ctx.rng.range(0, Math.PI);
      const len = cell.radius * ctx.rng.range(0.22, 0.35);
      const a = { x: at.x - (Math.cos(t) * len) / 2, y: at.y - (Math.sin(t) * len) / 2 };
      const b = { x: at.x + (Math.cos(t) * len) / 2, y: at.y + (Math.sin(t) * len) / 2 };
      stroke(ctx.plane, ctx.size, [a, b], amp * 2.8, clip);
    } else {
      spot(
        ctx.plane,
        ctx.size,
        at.x,
        at.y,
        0.5,
        amp * 2.2,
        clip,
        Math.max(1.3, cell.radius * 0.07),
      );
    }
  }
};
