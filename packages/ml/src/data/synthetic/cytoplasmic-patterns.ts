// Green-channel painters for the cytoplasmic and membrane classes.
import { spot, stroke, wanderingPath, type Point } from './canvas.ts';
import type { Cell } from './cell-layout.ts';
import type { Painter } from './nuclear-patterns.ts';
import {
  eachPixel,
  inCell,
  inCytoplasm,
  pointInCytoplasm,
  type PaintContext,
} from './paint-context.ts';

const TAU = 2 * Math.PI;

function dots(
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

/** Fill of the cytoplasm with a texture multiplier (weight(p) picks where). */
function fillCytoplasm(ctx: PaintContext, cell: Cell, amp: number, weight: (p: number) => number) {
  const { nucDist, cellDist } = ctx.layout;
  eachPixel(ctx, cell, (p) => {
    if ((nucDist[p] as number) < 1.02) return;
    const edge = Math.min(1, (1 - (cellDist[p] as number)) / 0.08);
    ctx.plane[p] = (ctx.plane[p] as number) + amp * edge * weight(p);
  });
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

function filament(ctx: PaintContext, cell: Cell, path: Point[], amp: number) {
  stroke(ctx.plane, ctx.size, path, amp, inCell(ctx, cell));
}

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

/** 20 Lipid droplets: a few hollow rings of clearly visible size. */
export const lipidDroplets: Painter = (ctx, cell, amp) => {
  const clip = inCytoplasm(ctx, cell);
  for (let i = 0; i < 2 + ctx.rng.int(5); i += 1) {
    const at = pointInCytoplasm(ctx, cell, 0.15, 0.8);
    const ring = Math.max(1.8, cell.radius * ctx.rng.range(0.09, 0.15));
    spot(ctx.plane, ctx.size, at.x, at.y, 0.6, amp * 1.3, clip, ring);
  }
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
