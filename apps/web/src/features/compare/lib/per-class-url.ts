// The per-class parts' share of the compare page's URL (nuqs parsers; the page's other keys are
// the frame's): `classes` = the class ids of the grouped bars (absent = the five rare classes),
// `confA` / `confB` = the two runs whose co-occurrence matrices are subtracted (absent = the
// first two runs), `ens` = the ensemble's thresholds (`global` or `cross-fitted`).
// From nuqs/server: the parsers are shared by the server (the page's loader) and the client
// parts, and the 'nuqs' entry is client-only.
import { createLoader, parseAsArrayOf, parseAsString, parseAsStringLiteral } from 'nuqs/server';

export const ENSEMBLE_THRESHOLD_CHOICES = ['global', 'cross-fitted'] as const;
export type EnsembleThresholdChoice = (typeof ENSEMBLE_THRESHOLD_CHOICES)[number];

export const perClassParams = {
  // Strings, not integers: a bad id in the address is named on the page (parseClassSelection),
  // not silently dropped by the parser.
  classes: parseAsArrayOf(parseAsString),
  confA: parseAsString,
  confB: parseAsString,
  ens: parseAsStringLiteral(ENSEMBLE_THRESHOLD_CHOICES).withDefault('global'),
};

/** Reads the per-class keys from the page's searchParams (server side). */
export const loadPerClassParams = createLoader(perClassParams);

/** The two runs of the co-occurrence difference: the URL's when they are compared, else the first two. */
export function diffPair(
  runIds: readonly string[],
  a: string | null,
  b: string | null,
): [string, string] | null {
  if (runIds.length < 2) return null;
  const first = a !== null && runIds.includes(a) ? a : runIds[0]!;
  const fallback = runIds.find((id) => id !== first)!;
  const second = b !== null && runIds.includes(b) && b !== first ? b : fallback;
  return [first, second];
}
