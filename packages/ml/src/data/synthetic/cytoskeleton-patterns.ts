// Green-channel painters for the cytoskeleton (11-15, 18, 19) and the cell outline (21, 22).
import { spot, wanderingPath } from './canvas.ts';
import type { Cell } from './cell-layout.ts';
import type { Painter } from './nuclear-patterns.ts';
import {
  eachPixel,
  fillCytoplasm,
  filament,
  pointInCytoplasm,
  type PaintContext,
} from './paint-context.ts';

const TAU = 2 * Math.PI;

/** 11 Intermediate filaments: long wavy fibres wrapping around the nucleus like a cage. */
export const intermediateFilaments: Painter = (ctx, cell, amp) => {
  for (let i = 0; i < 12 + ctx.rng.int(8); i += 1) {
    const t = ctx.rng.range(0, TAU);
    const start = pointInCytoplasm(ctx, cell, 0.05, 0.7, t);
    const heading = t + Math.PI / 2 + ctx.rng.normal() * 0.4;
    filament(
      ctx,
      cell,
      wanderingPath(ctx.rng, start, heading, cell.radius * ctx.rng.range(1.2, 2.2), 0.12),
      amp * 0.9,
    );
  }
  fillCytoplasm(ctx, cell, amp * 0.08, () => 1);
};

/** 12 Actin filaments: straight parallel stress fibres across the cell, plus a cortical rim. */
export const actinFilaments: Painter = (ctx, cell, amp) => {
  const angle = ctx.rng.range(0, Math.PI);
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const fibres = 7 + ctx.rng.int(7);
  for (let i = 0; i < fibres; i += 1) {
    const offset = (i / (fibres - 1) - 0.5) * 1.6 * cell.radius + ctx.rng.normal();
    const tilt = ctx.rng.normal() * 0.05;
    const cx = cell.x - s * offset;
    const cy = cell.y + c * offset;
    const len = cell.radius * ctx.rng.range(0.5, 1.2);
    const shift = ctx.rng.normal() * cell.radius * 0.3;
    const ox = cx + Math.cos(angle) * shift;
    const oy = cy + Math.sin(angle) * shift;
    const a = { x: ox - Math.cos(angle + tilt) * len, y: oy - Math.sin(angle + tilt) * len };
    const b = { x: ox + Math.cos(angle + tilt) * len, y: oy + Math.sin(angle + tilt) * len };
    filament(ctx, cell, [a, b], amp * ctx.rng.range(0.6, 1.5));
  }
  const { cellDist } = ctx.layout;
  eachPixel(ctx, cell, (p) => {
    const t = ((cellDist[p] as number) - 0.93) / 0.05;
    ctx.plane[p] = (ctx.plane[p] as number) + amp * 0.4 * Math.exp(-t * t);
  });
};

/** 13 Focal adhesion sites: bright dashes at the cell periphery, pointing outward. */
export const focalAdhesions: Painter = (ctx, cell, amp) => {
  for (let i = 0; i < 8 + ctx.rng.int(10); i += 1) {
    const t = ctx.rng.range(0, TAU);
    const at = pointInCytoplasm(ctx, cell, 0.7, 0.95, t);
    const len = cell.radius * ctx.rng.range(0.1, 0.18);
    const end = { x: at.x + Math.cos(t) * len, y: at.y + Math.sin(t) * len };
    filament(ctx, cell, [at, end], amp * 3);
  }
};

/**
 * Interphase microtubules: a fine mesh that starts all around the nucleus (a single star looks
 * artificial), a third of the fibres from the centrosome. Shared with the red landmark stain.
 */
export function microtubuleMesh(ctx: PaintContext, cell: Cell, count: number, amp: number) {
  const nr = (cell.nucleus.a + cell.nucleus.b) / 2;
  for (let i = 0; i < count; i += 1) {
    const t = ctx.rng.range(0, TAU);
    const fromCentrosome = ctx.rng.chance(0.3);
    const start = fromCentrosome
      ? cell.centrosome
      : {
          x: cell.nucleus.x + Math.cos(t) * nr * 1.05,
          y: cell.nucleus.y + Math.sin(t) * nr * 1.05,
        };
    const heading = fromCentrosome ? t : t + ctx.rng.normal() * 0.6;
    const length = cell.radius * ctx.rng.range(0.5, 1.2);
    filament(ctx, cell, wanderingPath(ctx.rng, start, heading, length, 0.1), amp);
  }
}

/** 14 Microtubules: the same fine mesh as the red stain, in green. */
export const microtubules: Painter = (ctx, cell, amp) => {
  microtubuleMesh(ctx, cell, 40 + ctx.rng.int(20), amp * 0.45);
  fillCytoplasm(ctx, cell, amp * 0.1, () => 1);
};

/** 15 Microtubule ends: short comets all over the cytoplasm, oriented away from the centre. */
export const microtubuleEnds: Painter = (ctx, cell, amp) => {
  for (let i = 0; i < 20 + ctx.rng.int(20); i += 1) {
    const t = ctx.rng.range(0, TAU);
    const at = pointInCytoplasm(ctx, cell, 0.45, 0.98, t);
    const len = cell.radius * 0.12;
    filament(
      ctx,
      cell,
      [at, { x: at.x + Math.cos(t) * len, y: at.y + Math.sin(t) * len }],
      amp * 2.4,
    );
  }
};

/** 18 Microtubule organizing center: one soft bright aster beside the nucleus. */
export const mtoc: Painter = (ctx, cell, amp) => {
  const { x, y } = cell.centrosome;
  spot(ctx.plane, ctx.size, x, y, Math.max(1, cell.radius * 0.06), amp * 2.2);
  // The aster: short fibres radiating from the centre tell the MTOC from round bodies.
  for (let i = 0; i < 12; i += 1) {
    const t = (i / 12) * TAU + ctx.rng.normal() * 0.2;
    const len = cell.radius * ctx.rng.range(0.3, 0.5);
    filament(
      ctx,
      cell,
      [
        { x, y },
        { x: x + Math.cos(t) * len, y: y + Math.sin(t) * len },
      ],
      amp * 0.8,
    );
  }
};

/** 19 Centrosome: a pair of tiny, very bright dots beside the nucleus. */
export const centrosome: Painter = (ctx, cell, amp) => {
  const { x, y } = cell.centrosome;
  const t = ctx.rng.range(0, TAU);
  spot(ctx.plane, ctx.size, x, y, 0.7, amp * 4);
  spot(ctx.plane, ctx.size, x + Math.cos(t) * 1.8, y + Math.sin(t) * 1.8, 0.7, amp * 3.5);
};

/** 21 Plasma membrane: the whole outline of every cell. */
export const plasmaMembrane: Painter = (ctx, cell, amp) => {
  const { cellDist } = ctx.layout;
  const width = Math.max(0.035, 0.9 / cell.radius);
  eachPixel(ctx, cell, (p) => {
    const t = ((cellDist[p] as number) - 0.97) / width;
    ctx.plane[p] = (ctx.plane[p] as number) + amp * 1.1 * Math.exp(-t * t);
  });
};

/** 22 Cell junctions: bright only where two cells touch. */
export const cellJunctions: Painter = (ctx, cell, amp) => {
  const { cellDist, secondDist } = ctx.layout;
  eachPixel(ctx, cell, (p) => {
    const second = secondDist[p] as number;
    if (second > 1.1) return;
    const t = (second - (cellDist[p] as number)) / 0.06;
    ctx.plane[p] = (ctx.plane[p] as number) + amp * 1.4 * Math.exp(-t * t);
  });
};
