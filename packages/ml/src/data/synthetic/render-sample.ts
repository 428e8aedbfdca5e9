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
  return {
    layout,
    rng,
    size,
    plane: new Float32Array(size * size),
    network: networkField(rng, size, fine, fine * 4),
    texture: bandNoise(rng, size, fine, fine * 6),
  };
}

function toUint8(plane: Plane, rng: Rng, gain: number, background: number): Uint8Array {
  const out = new Uint8Array(plane.length);
  const noise = rng.range(0.8, 2.2);
  for (let i = 0; i < plane.length; i += 1) {
    const signal = (plane[i] as number) * gain;
    // Read noise plus shot noise that grows with the signal, as on a camera.
    const value =
      background + signal + rng.normal() * (noise + 0.6 * Math.sqrt(Math.max(signal, 0)));
    out[i] = value <= 0 ? 0 : value >= 255 ? 255 : Math.round(value);
  }
  return out;
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
    // Not every cell expresses the protein; single-cell variability is part of HPA.
    const share = rng.range(0.65, 1);
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
    green: toUint8(softenSmall(green.plane, size), rng, greenGain, rng.range(1, 6)),
    blue: toUint8(softenSmall(blue.plane, size), rng, 255 * rng.range(0.3, 0.6), rng.range(0, 3)),
    red: toUint8(softenSmall(red.plane, size), rng, 255 * rng.range(0.3, 0.6), rng.range(1, 5)),
    yellow: toUint8(
      softenSmall(yellow.plane, size),
      rng,
      255 * rng.range(0.3, 0.55),
      rng.range(1, 5),
    ),
  };
}
