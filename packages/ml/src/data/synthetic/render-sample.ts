// Renders one synthetic 4-channel sample: layout, landmark stains, the green protein pattern of
// each label, then optics (blur), gain and noise, down to uint8 planes like the Kaggle PNGs.
import type { Channel } from '../classes.ts';
import type { Rng } from '../random.ts';
import { bandNoise, networkField, softenSmall, type Plane } from './canvas.ts';
import { createLayout, type Layout } from './cell-layout.ts';
import { paintMicrotubules, paintNuclei, paintReticulum } from './landmarks.ts';
import type { PaintContext } from './paint-context.ts';
import { CLASS_PAINTERS } from './painters.ts';

export type SamplePlanes = Record<Channel, Uint8Array>;

// Dividing cells also appear without labels 16/17 (as in real images): only the green pattern
// tells the classes apart.
const UNLABELED_MITOSIS_RATE = 0.12;

function context(rng: Rng, layout: Layout, fine: number): PaintContext {
  const { size } = layout;
  // Noise fields are built on first use only: most samples never need the network field.
  let network: Plane | null = null;
  let texture: Plane | null = null;
  return {
    layout,
    rng,
    size,
    plane: new Float32Array(size * size),
    get network() {
      return (network ??= networkField(rng, size, fine, fine * 4));
    },
    get texture() {
      return (texture ??= bandNoise(rng, size, fine, fine * 6));
    },
  };
}

// Unit-variance bell-shaped noise, drawn once: per-pixel random draws dominated the run time.
const NOISE_TABLE = (() => {
  const table = new Float32Array(1 << 16);
  let state = 0x9e3779b9;
  const uniform = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  for (let i = 0; i < table.length; i += 1)
    table[i] = (uniform() + uniform() + uniform() - 1.5) * 2;
  return table;
})();

function toUint8(plane: Plane, rng: Rng, gain: number, offset: number): Uint8Array {
  // Clamped stores round and saturate to 0..255 without branches.
  const out = new Uint8ClampedArray(plane.length);
  // A camera's black level clips most background to exactly 0, as in the HPA PNGs (40-95% of
  // their pixels are 0); `offset` is negative for that reason.
  const noise = rng.range(0.5, 1.3);
  const mask = NOISE_TABLE.length - 1;
  // A seeded start and odd stride walk the table in a different order for every image.
  let at = rng.int(NOISE_TABLE.length);
  const stride = 2 * rng.int(1 << 14) + 1;
  for (let i = 0; i < plane.length; i += 1) {
    const signal = (plane[i] as number) * gain;
    at = (at + stride) & mask;
    // Read noise plus shot noise that grows with the signal, as on a camera.
    const value =
      offset +
      signal +
      (NOISE_TABLE[at] as number) * (noise + 0.6 * Math.sqrt(signal > 0 ? signal : 0));
    out[i] = value;
  }
  return new Uint8Array(out.buffer);
}

export function renderSample(rng: Rng, size: number, labels: readonly number[]): SamplePlanes {
  const spindle = labels.includes(17) || rng.chance(UNLABELED_MITOSIS_RATE / 2);
  const bridge = labels.includes(16) || rng.chance(UNLABELED_MITOSIS_RATE / 2);
  const layout = createLayout(rng, size, { spindle, bridge });
  const fine = Math.max(0.6, layout.unit * 0.035);

  const green = context(rng, layout, fine);
  for (const label of labels) {
    const painter = CLASS_PAINTERS[label];
    if (!painter) continue;
    const amp = rng.range(0.45, 1);
    // Most proteins stain every cell; some vary cell to cell (single-cell variability in HPA).
    const share = rng.chance(0.7) ? 1 : rng.range(0.6, 1);
    for (const cell of layout.cells) {
      if (cell.phase === 'interphase' && !rng.chance(share)) continue;
      painter(green, cell, amp * cell.expression);
    }
  }
  const blue = context(rng, layout, fine);
  paintNuclei(blue);
  const red = context(rng, layout, fine);
  paintMicrotubules(red);
  const yellow = context(rng, layout, fine);
  paintReticulum(yellow);

  // Exposure varies a lot between HPA images; mean brightness must not give the class away.
  const greenGain = 255 * Math.exp(rng.normal() * 0.35) * 0.55;
  return {
    green: toUint8(softenSmall(green.plane, size), rng, greenGain, rng.range(-2.5, 1)),
    blue: toUint8(softenSmall(blue.plane, size), rng, 255 * rng.range(0.3, 0.6), rng.range(-3, -1)),
    red: toUint8(softenSmall(red.plane, size), rng, 255 * rng.range(0.3, 0.6), rng.range(-2, 1)),
    yellow: toUint8(
      softenSmall(yellow.plane, size),
      rng,
      255 * rng.range(0.3, 0.55),
      rng.range(-2, 1),
    ),
  };
}
