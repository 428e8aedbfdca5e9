// Green-channel painters for the nuclear classes (0-5) and the two mitotic classes (16, 17).
import { spot, stroke, type Point } from './canvas.ts';
import type { Cell } from './cell-layout.ts';
import { eachPixel, inNucleus, pointInNucleus, type PaintContext } from './paint-context.ts';

export type Painter = (ctx: PaintContext, cell: Cell, amp: number) => void;

function insideNucleolus(cell: Cell, size: number, p: number, grow = 1): boolean {
  const x = p % size;
  const y = Math.floor(p / size);
  return cell.nucleoli.some((n) => Math.hypot(x - n.x, y - n.y) < n.r * grow);
}

/** 0 Nucleoplasm: the nucleus filled evenly, nucleoli left dark. */
export const nucleoplasm: Painter = (ctx, cell, amp) => {
  const { nucDist } = ctx.layout;
  eachPixel(ctx, cell, (p) => {
    const d = nucDist[p] as number;
    if (d >= 1.05) return;
    const edge = d < 0.9 ? 1 : Math.max(0, (1.05 - d) / 0.15);
    const hole = insideNucleolus(cell, ctx.size, p, 1.1) ? 0.25 : 1;
    ctx.plane[p] =
      (ctx.plane[p] as number) + amp * 0.75 * edge * hole * (1 + 0.18 * (ctx.texture[p] as number));
  });
};

/** 1 Nuclear membrane: a thin ring on the nuclear envelope. */
export const nuclearMembrane: Painter = (ctx, cell, amp) => {
  const { nucDist } = ctx.layout;
  const width = Math.max(0.06, 0.9 / cell.nucleus.b);
  eachPixel(ctx, cell, (p) => {
    const t = ((nucDist[p] as number) - 0.97) / width;
    if (t > -4 && t < 4) ctx.plane[p] = (ctx.plane[p] as number) + amp * 1.1 * Math.exp(-t * t);
  });
  nucleoplasm(ctx, cell, amp * 0.08);
};

/** 2 Nucleoli: the nucleoli themselves, solid and bright. */
export const nucleoli: Painter = (ctx, cell, amp) => {
  const clip = inNucleus(ctx, cell);
  // Lobed, irregular bodies filling the nucleoli (dark holes of the blue stain), over a faint
  // nucleoplasm: unlike the round dots of other classes.
  for (const n of cell.nucleoli) {
    for (let lobe = 0; lobe < 3; lobe += 1) {
      const dx = ctx.rng.normal() * n.r * 0.35;
      const dy = ctx.rng.normal() * n.r * 0.35;
      spot(ctx.plane, ctx.size, n.x + dx, n.y + dy, Math.max(0.8, n.r * 0.6), amp * 0.9, clip);
    }
  }
  nucleoplasm(ctx, cell, amp * 0.12);
};

/** 3 Nucleoli fibrillar center: clusters of tiny dots inside each nucleolus. */
export const fibrillarCenter: Painter = (ctx, cell, amp) => {
  const clip = inNucleus(ctx, cell);
  for (const n of cell.nucleoli) {
    const dots = 3 + ctx.rng.int(4);
    for (let i = 0; i < dots; i += 1) {
      const t = ctx.rng.range(0, 2 * Math.PI);
      const r = n.r * ctx.rng.range(0.5, 1.4);
      spot(ctx.plane, ctx.size, n.x + Math.cos(t) * r, n.y + Math.sin(t) * r, 0.6, amp * 2.6, clip);
    }
  }
};

/** 4 Nuclear speckles: many irregular speckles over a faint nucleoplasm. */
export const nuclearSpeckles: Painter = (ctx, cell, amp) => {
  const clip = inNucleus(ctx, cell);
  const count = 10 + ctx.rng.int(14);
  const sigma = Math.max(0.7, cell.nucleus.b * 0.08);
  for (let i = 0; i < count; i += 1) {
    const at = pointInNucleus(ctx, cell, 0.85);
    spot(ctx.plane, ctx.size, at.x, at.y, sigma, amp * 1.3, clip);
    spot(
      ctx.plane,
      ctx.size,
      at.x + ctx.rng.normal() * sigma,
      at.y + ctx.rng.normal() * sigma,
      sigma * 0.8,
      amp * 0.5,
      clip,
    );
  }
  nucleoplasm(ctx, cell, amp * 0.15);
};

/** 5 Nuclear bodies: a few small, very bright dots away from the nucleoli. */
export const nuclearBodies: Painter = (ctx, cell, amp) => {
  const clip = inNucleus(ctx, cell);
  const count = 1 + ctx.rng.int(5);
  for (let i = 0; i < count; i += 1) {
    const at = pointInNucleus(ctx, cell, 0.8);
    spot(ctx.plane, ctx.size, at.x, at.y, Math.max(0.7, cell.nucleus.b * 0.07), amp * 2.6, clip);
  }
};

function spindlePoles(cell: Cell): [Point, Point] {
  const r = cell.radius * 0.55;
  const c = Math.cos(cell.axis);
  const s = Math.sin(cell.axis);
  return [
    { x: cell.x - c * r, y: cell.y - s * r },
    { x: cell.x + c * r, y: cell.y + s * r },
  ];
}

/** 17 Mitotic spindle: a barrel of fibres from two poles to the metaphase plate. */
export const mitoticSpindle: Painter = (ctx, cell, amp) => {
  if (cell.phase !== 'mitotic') return;
  const poles = spindlePoles(cell);
  const perp = cell.axis + Math.PI / 2;
  const half = cell.radius * 0.45;
  for (const pole of poles) {
    spot(ctx.plane, ctx.size, pole.x, pole.y, 1.5, amp * 3);
    for (let i = 0; i < 14; i += 1) {
      const t = (i / 13 - 0.5) * 2 * half;
      const end = { x: cell.x + Math.cos(perp) * t, y: cell.y + Math.sin(perp) * t };
      const mid = {
        x: (pole.x + end.x) / 2 + Math.cos(perp) * t * 0.3,
        y: (pole.y + end.y) / 2 + Math.sin(perp) * t * 0.3,
      };
      stroke(ctx.plane, ctx.size, [pole, mid, end], amp * 2);
    }
  }
};

/** 16 Cytokinetic bridge: a bright intercellular bridge with a midbody between daughters. */
export const cytokineticBridge: Painter = (ctx, cell, amp) => {
  if (cell.phase !== 'daughter' || cell.sister < cell.index) return;
  const sister = ctx.layout.cells[cell.sister];
  if (!sister) return;
  const mid = { x: (cell.x + sister.x) / 2, y: (cell.y + sister.y) / 2 };
  const c = Math.cos(cell.axis);
  const s = Math.sin(cell.axis);
  const half = cell.radius * 0.55;
  const a = { x: mid.x - c * half, y: mid.y - s * half };
  const b = { x: mid.x + c * half, y: mid.y + s * half };
  stroke(ctx.plane, ctx.size, [a, b], amp * 3.5);
  stroke(
    ctx.plane,
    ctx.size,
    [
      { x: a.x + s * 0.7, y: a.y - c * 0.7 },
      { x: b.x + s * 0.7, y: b.y - c * 0.7 },
    ],
    amp * 1.2,
  );
  spot(ctx.plane, ctx.size, mid.x, mid.y, 1.6, amp * 4);
};
