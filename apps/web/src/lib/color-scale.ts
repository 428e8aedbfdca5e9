// Perceptually uniform, colour-blind-safe sequential scales for the heatmaps: viridis and
// cividis; and a diverging one for differences centred on 0 (Paul Tol's BuRd). Written out here rather than taken from d3-scale-chromatic: the page needs two
// scales, about 30 lines, and the library would add three packages (with d3-color and
// d3-interpolate) to the client bundle for them.

import { DIVERGING_BLUE_RED, TEXT_ON_DARK, TEXT_ON_LIGHT, VIRIDIS_STOPS } from '@/lib/palette';

export type SequentialScheme = 'viridis' | 'cividis';

const VIRIDIS_RGB = VIRIDIS_STOPS.map(hexToRgb);
/** Red (worse) to blue (better): the BuRd table read backwards, so that t grows with the gain. */
const GAIN_RGB = [...DIVERGING_BLUE_RED].reverse().map(hexToRgb);

export type Rgb = readonly [number, number, number];

function hexToRgb(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function clamp01(t: number): number {
  return Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0;
}

/** Linear interpolation in a table of evenly spaced stops, t in [0, 1]. */
function interpolate(stops: readonly Rgb[], t: number): Rgb {
  const position = clamp01(t) * (stops.length - 1);
  const index = Math.min(Math.floor(position), stops.length - 2);
  const f = position - index;
  const a = stops[index]!;
  const b = stops[index + 1]!;
  return [0, 1, 2].map((c) => Math.round(a[c]! + (b[c]! - a[c]!) * f)) as unknown as Rgb;
}

function viridis(t: number): Rgb {
  return interpolate(VIRIDIS_RGB, t);
}

/** Cividis as d3-scale-chromatic fits it (Nuñez, Anderton & Renslow 2018): a polynomial per channel. */
function cividis(t: number): Rgb {
  const x = clamp01(t);
  const channel = (v: number) => Math.max(0, Math.min(255, Math.round(v)));
  return [
    channel(-4.54 - x * (35.34 - x * (2381.73 - x * (6402.7 - x * (7024.72 - x * 2710.57))))),
    channel(32.49 + x * (170.73 + x * (52.82 - x * (131.46 - x * (176.58 - x * 67.37))))),
    channel(81.24 + x * (442.36 - x * (2482.43 - x * (6167.24 - x * (6614.94 - x * 2475.67))))),
  ];
}

export function schemeColor(scheme: SequentialScheme, t: number): Rgb {
  return scheme === 'cividis' ? cividis(t) : viridis(t);
}

/**
 * A signed change on the diverging scale: t in [-1, 1], -1 = the most worse (red), 0 = no change
 * (light grey), 1 = the most better (blue). Out-of-range values clamp; NaN is no change.
 */
export function gainColor(t: number): Rgb {
  return interpolate(GAIN_RGB, Number.isFinite(t) ? (t + 1) / 2 : 0.5);
}

export function rgbToHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** WCAG relative luminance of an sRGB colour. */
export function relativeLuminance([r, g, b]: Rgb): number {
  const linear = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG contrast ratio between two colours (1-21). */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** Black or white, whichever reads better on the cell colour. */
export function textColorOn(background: Rgb): typeof TEXT_ON_LIGHT | typeof TEXT_ON_DARK {
  return contrastRatio(background, hexToRgb(TEXT_ON_LIGHT)) >=
    contrastRatio(background, hexToRgb(TEXT_ON_DARK))
    ? TEXT_ON_LIGHT
    : TEXT_ON_DARK;
}
