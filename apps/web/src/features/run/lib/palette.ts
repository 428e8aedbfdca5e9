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
