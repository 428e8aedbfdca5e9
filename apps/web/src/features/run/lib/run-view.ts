// The run page's view choices live in the URL (shareable, kept on reload and back): the curve
// charts' (lib/chart-params: x axis, smoothing, log scale, band), the evaluation shown per
// class, the co-occurrence heatmap's normalisation and colour scale. nuqs parses them (an
// unknown or malformed value falls back to its default) and leaves defaults out of links.
import { createLoader, createParser, createSerializer, parseAsStringLiteral } from 'nuqs/server';
import type { inferParserType } from 'nuqs/server';
import { chartSearchParams, chartUrlKeys, parseAsFlag } from '@/lib/chart-params';

export const SEQUENTIAL_SCHEMES = ['viridis', 'cividis'] as const;

/** A step number: digits only (no sign, no exponent), as the API's Int takes it. */
const parseAsStep = createParser({
  parse: (value) => (/^\d{1,10}$/.test(value) ? Number(value) : null),
  serialize: (value: number) => String(value),
});

export const runViewParams = {
  ...chartSearchParams,
  /** Step of the evaluation shown in the per-class section; null = the best one. */
  evalStep: parseAsStep,
  normalized: parseAsFlag.withDefault(false),
  scheme: parseAsStringLiteral(SEQUENTIAL_SCHEMES).withDefault('viridis'),
};

export const runViewUrlKeys = {
  ...chartUrlKeys,
  evalStep: 'eval',
  normalized: 'norm',
  scheme: 'scale',
} as const;

export type RunViewState = inferParserType<typeof runViewParams>;

/** Reads the view from a page's searchParams (or any URLSearchParams). */
export const loadRunView = createLoader(runViewParams, { urlKeys: runViewUrlKeys });

/** The query string of a view (with `?`, or '' for the defaults). */
export const serializeRunView = createSerializer(runViewParams, { urlKeys: runViewUrlKeys });
