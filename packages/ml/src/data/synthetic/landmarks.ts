// Reference stains painted in every sample whatever its labels: blue = nuclei (DAPI),
// red = microtubules, yellow = endoplasmic reticulum. Mitotic figures show in them too, so a
// model cannot read classes 16/17 off the landmarks alone.
import { spot, stroke } from './canvas.ts';
import { microtubuleMesh } from './cytoskeleton-patterns.ts';
import { eachPixel, inCell, type PaintContext } from './paint-context.ts';

export function paintNuclei(ctx: PaintContext): void {
  const { nucDist } = ctx.layout;
  for (const cell of ctx.layout.cells) {
    const bright = (cell.phase === 'interphase' ? 0.7 : 1.1) * cell.expression ** 0.3;
    eachPixel(ctx, cell, (p) => {
      const d = nucDist[p] as number;
      if (d >= 1.08) return;
      const edge = d < 0.92 ? 1 : Math.max(0, (1.08 - d) / 0.16);
      const x = p % ctx.size;
      const y = Math.floor(p / ctx.size);
      const hole = cell.nucleoli.some((n) => Math.hypot(x - n.x, y - n.y) < n.r) ? 0.45 : 1;
      const texture = 1 + 0.25 * (ctx.texture[p] as number);
      ctx.plane[p] = (ctx.plane[p] as number) + bright * edge * hole * texture;
    });
  }
}

export function paintMicrotubules(ctx: PaintContext): void {
  for (const cell of ctx.layout.cells) {
    const clip = inCell(ctx, cell);
    if (cell.phase === 'mitotic') {
      const c = Math.cos(cell.axis) * cell.radius * 0.55;
      const s = Math.sin(cell.axis) * cell.radius * 0.55;
      for (const pole of [
        { x: cell.x - c, y: cell.y - s },
        { x: cell.x + c, y: cell.y + s },
      ]) {
        spot(ctx.plane, ctx.size, pole.x, pole.y, 1.5, 0.8);
        for (let i = 0; i < 10; i += 1) {
          const t = ((i / 9 - 0.5) * cell.radius * 0.8) / cell.radius;
          stroke(ctx.plane, ctx.size, [pole, { x: cell.x - s * t, y: cell.y + c * t }], 0.5, clip);
        }
      }
      continue;
    }
    microtubuleMesh(ctx, cell, 70 + ctx.rng.int(30), 0.2);
    const { nucDist, cellDist } = ctx.layout;
    eachPixel(ctx, cell, (p) => {
      if ((nucDist[p] as number) < 1) return;
      ctx.plane[p] =
        (ctx.plane[p] as number) +
        0.22 *
          (1 + 0.3 * (ctx.texture[p] as number)) *
          Math.min(1, (1 - (cellDist[p] as number)) / 0.1);
    });
  }
}

export function paintReticulum(ctx: PaintContext): void {
  const { nucDist, cellDist } = ctx.layout;
  for (const cell of ctx.layout.cells) {
    eachPixel(ctx, cell, (p) => {
      const d = nucDist[p] as number;
      const near = Math.exp(-Math.max(0, d - 1) / 0.8);
      const edge = Math.min(1, (1 - (cellDist[p] as number)) / 0.08);
      const inside = d < 1 ? 0.15 : 1;
      ctx.plane[p] =
        (ctx.plane[p] as number) +
        edge * inside * (0.2 + 0.7 * near * (ctx.network[p] as number) + 0.3 * near);
    });
  }
}
