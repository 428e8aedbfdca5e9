// Every colour the pages draw data with, in one place (the theme's greys and accent live in
// app/globals.css as CSS variables).
//
// Okabe-Ito: the eight hues that stay distinguishable under the common colour-vision
// deficiencies (Okabe & Ito 2008). Black is left out of series use: it vanishes on the dark theme.
export const OKABE_ITO = {
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
  black: '#000000',
} as const;

/** Paul Tol's grey: the eighth hue of the compared runs, after Okabe-Ito's seven (lib/run-styles). */
export const PAUL_TOL_GREY = '#BBBBBB';

/** A neutral grey for what carries no hue of its own (a cancelled run, an unknown status). */
export const NEUTRAL_GREY = '#8C8C8C';

/** Text on a heatmap cell: whichever of the two reads better on the cell's fill. */
export const TEXT_ON_LIGHT = '#000000';
export const TEXT_ON_DARK = '#ffffff';

/**
 * Viridis sampled at t = 0, 0.1, ..., 1 (matplotlib's table, as d3 ships it); linear
 * interpolation between neighbours stays within a few units of the full 256-entry table.
 * Cividis is a polynomial (lib color-scale), not a table.
 */
export const VIRIDIS_STOPS = [
  '#440154',
  '#482475',
  '#414487',
  '#355f8d',
  '#2a788e',
  '#21918c',
  '#22a884',
  '#44bf70',
  '#7ad151',
  '#bddf26',
  '#fde725',
] as const;

/**
 * Paul Tol's diverging BuRd (colour-blind safe), blue to red through a light grey, for
 * differences centred on 0 (lib color-scale's gainColor: blue = better, red = worse).
 */
export const DIVERGING_BLUE_RED = [
  '#2166AC',
  '#4393C3',
  '#92C5DE',
  '#D1E5F0',
  '#F7F7F7',
  '#FDDBC7',
  '#F4A582',
  '#D6604D',
  '#B2182B',
] as const;
