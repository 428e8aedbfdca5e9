// Places irregular cells with one nucleus each and rasterizes per-pixel maps (which cell, how
// far from its edge and from its nucleus, how close to a neighbour) that every pattern uses.
import type { Rng } from '../random.ts';

export type CellPhase = 'interphase' | 'mitotic' | 'daughter';

export interface Cell {
  index: number;
  x: number;
  y: number;
  /** Mean radius in px. */
  radius: number;
  /** Shape harmonics: r(theta) = radius * (1 + sum a_k cos(k theta - phi_k)). */
  harmonics: { a: number; phi: number }[];
  nucleus: { x: number; y: number; a: number; b: number; angle: number };
  /** Nucleoli centres (px) and radii (px). */
  nucleoli: { x: number; y: number; r: number }[];
  /** Where microtubules radiate from: beside the nucleus. */
  centrosome: { x: number; y: number };
  phase: CellPhase;
  /** Mitotic cells: orientation of the spindle axis. Daughters: index of the sister. */
  axis: number;
  sister: number;
  /** Per-cell protein expression (cell-to-cell variability). */
  expression: number;
}

export interface Layout {
  size: number;
  cells: Cell[];
  /** Cell index per pixel, -1 for background. */
  owner: Int16Array;
  /** Normalized distance to the owner's outline: 0 centre, 1 edge. */
  cellDist: Float32Array;
  /** Normalized elliptical distance to the owner's nucleus: < 1 inside. */
  nucDist: Float32Array;
  /** Second-smallest normalized cell distance (for junctions between touching cells). */
  secondDist: Float32Array;
  /** Typical cell radius in px: the unit every pattern scales with. */
  unit: number;
}

function makeCell(rng: Rng, index: number, x: number, y: number, radius: number): Cell {
  const harmonics = [1, 2, 3].map((k) => ({
    a: rng.range(0, k === 2 ? 0.22 : 0.1),
    phi: rng.range(0, 2 * Math.PI),
  }));
  const off = rng.range(0, 0.18) * radius;
  const offAngle = rng.range(0, 2 * Math.PI);
  const nr = radius * rng.range(0.36, 0.48);
  const nucleus = {
    x: x + Math.cos(offAngle) * off,
    y: y + Math.sin(offAngle) * off,
    a: nr * rng.range(1, 1.25),
    b: nr * rng.range(0.78, 1),
    angle: rng.range(0, Math.PI),
  };
  const nucleoli = Array.from({ length: 1 + rng.int(3) }, () => {
    const t = rng.range(0, 2 * Math.PI);
    const d = rng.range(0, 0.5);
    return {
      x: nucleus.x + Math.cos(t) * d * nucleus.a,
      y: nucleus.y + Math.sin(t) * d * nucleus.b,
      r: nr * rng.range(0.18, 0.28),
    };
  });
  const side = rng.range(0, 2 * Math.PI);
  const centrosome = {
    x: nucleus.x + Math.cos(side) * nr * 1.25,
    y: nucleus.y + Math.sin(side) * nr * 1.25,
  };
  const expression = Math.exp(rng.normal() * 0.35);
  return {
    index,
    x,
    y,
    radius,
    harmonics,
    nucleus,
    nucleoli,
    centrosome,
    phase: 'interphase',
    axis: rng.range(0, Math.PI),
    sister: -1,
    expression,
  };
}

export interface Mitosis {
  /** A metaphase cell with a spindle. */
  spindle: boolean;
  /** Two daughter cells joined by a cytokinetic bridge. */
  bridge: boolean;
}

function placeCells(rng: Rng, size: number, mitosis: Mitosis): Cell[] {
  const count = 3 + rng.int(11);
  const unit = ((size * 0.52) / Math.sqrt(count)) * rng.range(0.85, 1.1);
  const cells: Cell[] = [];
  // Cells grow in colonies: each new cell prefers a spot touching an existing one.
  for (let attempt = 0; cells.length < count && attempt < 400; attempt += 1) {
    const radius = unit * rng.range(0.8, 1.15);
    let x: number;
    let y: number;
    const anchor = cells[rng.int(cells.length)];
    if (anchor && rng.chance(0.8)) {
      const t = rng.range(0, 2 * Math.PI);
      const d = (anchor.radius + radius) * rng.range(0.72, 0.92);
      x = anchor.x + Math.cos(t) * d;
      y = anchor.y + Math.sin(t) * d;
    } else {
      x = rng.range(0.1, 0.9) * size;
      y = rng.range(0.1, 0.9) * size;
    }
    if (
      x < -0.2 * radius ||
      y < -0.2 * radius ||
      x > size + 0.2 * radius ||
      y > size + 0.2 * radius
    ) {
      continue;
    }
    const crowded = cells.some((c) => Math.hypot(c.x - x, c.y - y) < (c.radius + radius) * 0.68);
    if (!crowded) cells.push(makeCell(rng, cells.length, x, y, radius));
  }
  const visible = cells.filter((c) => c.x > 0.15 * size && c.x < 0.85 * size);
  const pool = visible.length > 0 ? visible : cells;
  const spindleHost = mitosis.spindle ? pool[rng.int(pool.length)] : undefined;
  if (spindleHost) {
    spindleHost.phase = 'mitotic';
    spindleHost.radius *= 0.85;
    spindleHost.harmonics.forEach((h) => (h.a *= 0.3));
    // Condensed chromosomes: the 'nucleus' becomes the metaphase plate across the axis.
    const r = spindleHost.radius;
    spindleHost.nucleus = {
      x: spindleHost.x,
      y: spindleHost.y,
      a: r * 0.14,
      b: r * 0.5,
      angle: spindleHost.axis,
    };
    spindleHost.nucleoli = [];
  }
  const bridgeHosts = pool.filter((c) => c !== spindleHost);
  const host = mitosis.bridge ? bridgeHosts[rng.int(bridgeHosts.length)] : undefined;
  if (host) {
    // Replace the host by two small round daughters lying along its axis.
    const r = host.radius * 0.62;
    const dx = Math.cos(host.axis) * r * 1.05;
    const dy = Math.sin(host.axis) * r * 1.05;
    const a = makeCell(rng, host.index, host.x - dx, host.y - dy, r);
    const b = makeCell(rng, cells.length, host.x + dx, host.y + dy, r);
    for (const [d, sister] of [
      [a, b],
      [b, a],
    ] as const) {
      d.phase = 'daughter';
      d.axis = host.axis;
      d.sister = sister.index;
      d.harmonics.forEach((h) => (h.a *= 0.3));
      d.nucleus = { x: d.x, y: d.y, a: r * 0.42, b: r * 0.42, angle: 0 };
      d.nucleoli = [];
      const towards = Math.atan2(sister.y - d.y, sister.x - d.x);
      d.centrosome = {
        x: d.x + Math.cos(towards) * r * 0.55,
        y: d.y + Math.sin(towards) * r * 0.55,
      };
    }
    cells[host.index] = a;
    cells.push(b);
  }
  return cells;
}

export function createLayout(rng: Rng, size: number, mitosis: Mitosis): Layout {
  const cells = placeCells(rng, size, mitosis);
  const n = size * size;
  const owner = new Int16Array(n).fill(-1);
  const cellDist = new Float32Array(n).fill(9);
  const secondDist = new Float32Array(n).fill(9);
  const nucDist = new Float32Array(n).fill(9);
  for (const cell of cells) {
    // Far enough for the widest outline (1 + sum of harmonics) and the junction band beyond it.
    const reach = cell.radius * (1 + cell.harmonics.reduce((sum, h) => sum + h.a, 0)) * 1.15;
    const xa = Math.max(0, Math.floor(cell.x - reach));
    const xb = Math.min(size - 1, Math.ceil(cell.x + reach));
    const ya = Math.max(0, Math.floor(cell.y - reach));
    const yb = Math.min(size - 1, Math.ceil(cell.y + reach));
    // Per-harmonic a*cos(phi), a*sin(phi), hoisted out of the pixel loop.
    const [k1c, k1s, k2c, k2s, k3c, k3s] = cell.harmonics.flatMap((h) => [
      h.a * Math.cos(h.phi),
      h.a * Math.sin(h.phi),
    ]) as [number, number, number, number, number, number];
    for (let y = ya; y <= yb; y += 1) {
      for (let x = xa; x <= xb; x += 1) {
        const dx = x - cell.x;
        const dy = y - cell.y;
        const dist = Math.sqrt(dx * dx + dy * dy) + 1e-6;
        const c = dx / dist;
        const s = dy / dist;
        // cos(k theta - phi) expanded with multiple-angle identities: no trig per pixel.
        const c2 = c * c - s * s;
        const s2 = 2 * c * s;
        const c3 = 4 * c * c * c - 3 * c;
        const s3 = 3 * s - 4 * s * s * s;
        const shape = 1 + c * k1c + s * k1s + c2 * k2c + s2 * k2s + c3 * k3c + s3 * k3s;
        const d = dist / (cell.radius * shape);
        const p = y * size + x;
        if (d < (cellDist[p] as number)) {
          secondDist[p] = cellDist[p] as number;
          cellDist[p] = d;
          if (d < 1) owner[p] = cell.index;
        } else if (d < (secondDist[p] as number)) {
          secondDist[p] = d;
        }
      }
    }
  }
  const axes = cells.map((cell) => ({
    cos: Math.cos(cell.nucleus.angle),
    sin: Math.sin(cell.nucleus.angle),
  }));
  for (let p = 0; p < n; p += 1) {
    const index = owner[p] as number;
    const cell = cells[index];
    const axis = axes[index];
    if (!cell || !axis) continue;
    const { x: nx, y: ny, a, b } = cell.nucleus;
    const dx = (p % size) - nx;
    const dy = ((p / size) | 0) - ny;
    const u = (dx * axis.cos + dy * axis.sin) / a;
    const v = (-dx * axis.sin + dy * axis.cos) / b;
    nucDist[p] = Math.sqrt(u * u + v * v);
  }
  const unit = cells.reduce((sum, c) => sum + c.radius, 0) / Math.max(1, cells.length);
  return { size, cells, owner, cellDist, nucDist, secondDist, unit };
}
