// The compare page's frame in the URL (nuqs parsers; the per-class parts own per-class-url.ts):
// `runs` = the compared ids in order (their order picks each run's colour), `keys` = the curves
// drawn, the chart choices shared with the run page (x, smooth, log, band), `zoom` = the x range
// every chart shows, `hide` = runs hidden from the curves by the legend, `params` = all
// hyperparameters or only those that differ. Defaults stay out of the URL, so a link holds only
// what was changed. From nuqs/server: the server's loader and the client parts share them.
import { METRIC_KEYS } from '@hpa-lab/ml/config';
import {
  createLoader,
  createParser,
  createSerializer,
  parseAsArrayOf,
  parseAsString,
  parseAsStringLiteral,
  type inferParserType,
} from 'nuqs/server';
import { chartSearchParams, chartUrlKeys } from '@/lib/chart-params';
import { MAX_COMPARE, MIN_COMPARE } from '@/lib/compare-href';
import { isRunId } from '@/lib/run-id';

/** The curves drawn when the URL names none: training loss and validation macro F1. */
export const DEFAULT_CURVE_KEYS: readonly string[] = [
  METRIC_KEYS.trainLoss,
  METRIC_KEYS.validationMacroF1,
];

/** compareRuns returns at most 20 keys per request. */
export const MAX_CURVE_KEYS = 20;

export const PARAM_VIEWS = ['diff', 'all'] as const;
export type ParamView = (typeof PARAM_VIEWS)[number];

export interface XRange {
  from: number;
  to: number;
}

/** `zoom=120-480`: a range of the x axis (steps or epochs, never negative), from below to. */
export const parseAsXRange = createParser<XRange>({
  parse: (value) => {
    const match = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(value);
    if (!match) return null;
    const from = Number(match[1]);
    const to = Number(match[2]);
    return Number.isFinite(from) && Number.isFinite(to) && from < to ? { from, to } : null;
  },
  serialize: (range) => `${trimNumber(range.from)}-${trimNumber(range.to)}`,
  eq: (a, b) => a.from === b.from && a.to === b.to,
});

/** At most 4 decimals in the address: a dragged range need not be finer than that. */
function trimNumber(value: number): string {
  return String(Number(value.toFixed(4)));
}

export const compareParams = {
  // Strings, not ids: a malformed one is named on the page rather than dropped by the parser.
  runs: parseAsArrayOf(parseAsString).withDefault([]),
  keys: parseAsArrayOf(parseAsString).withDefault([...DEFAULT_CURVE_KEYS]),
  ...chartSearchParams,
  zoom: parseAsXRange,
  hide: parseAsArrayOf(parseAsString).withDefault([]),
  params: parseAsStringLiteral(PARAM_VIEWS).withDefault('diff'),
};

export const compareUrlKeys = chartUrlKeys;

export type CompareView = inferParserType<typeof compareParams>;

/** Reads the whole view from the page's searchParams (server side). */
export const loadCompareParams = createLoader(compareParams, { urlKeys: compareUrlKeys });

/** The query string of a view (with `?`), for links that keep it. */
export const serializeCompare = createSerializer(compareParams, { urlKeys: compareUrlKeys });

export type SelectionProblem = 'none' | 'one' | 'too-many' | null;

export interface RunSelection {
  /** Well-formed, distinct ids in the URL's order, at most MAX_COMPARE of them. */
  ids: string[];
  /** What the URL held that is not a run id. */
  malformed: string[];
  /** Ids named more than once (compared once). */
  repeated: string[];
  /** Well-formed ids past the MAX_COMPARE-th, left out. */
  leftOut: string[];
  /** Too few or too many runs to compare (after the malformed and repeated ones are gone). */
  problem: SelectionProblem;
}

/** The URL's `runs` -> what can be asked of the API, and what to say about the rest. */
export function parseRunSelection(raw: readonly string[]): RunSelection {
  const malformed: string[] = [];
  const repeated: string[] = [];
  const distinct: string[] = [];
  for (const entry of raw) {
    const value = entry.trim();
    if (value === '') continue;
    if (!isRunId(value)) {
      malformed.push(value);
      continue;
    }
    const id = value.toLowerCase();
    if (distinct.includes(id)) {
      if (!repeated.includes(id)) repeated.push(id);
      continue;
    }
    distinct.push(id);
  }
  const ids = distinct.slice(0, MAX_COMPARE);
  const leftOut = distinct.slice(MAX_COMPARE);
  const problem: SelectionProblem =
    distinct.length === 0
      ? 'none'
      : distinct.length < MIN_COMPARE
        ? 'one'
        : distinct.length > MAX_COMPARE
          ? 'too-many'
          : null;
  return { ids, malformed, repeated, leftOut, problem };
}

/**
 * The keys to ask compareRuns for: the chosen ones (distinct, at most MAX_CURVE_KEYS), plus
 * validation macro F1 when no chosen key is logged once per epoch, because the epoch axis is
 * made of the steps at which each run ended an epoch.
 */
export function requestedKeys(
  chosen: readonly string[],
  epochKeys: readonly string[],
): { drawn: string[]; requested: string[] } {
  const drawn = [...new Set(chosen.map((key) => key.trim()).filter((key) => key !== ''))].slice(
    0,
    MAX_CURVE_KEYS,
  );
  const hasEpochKey = drawn.some((key) => epochKeys.includes(key));
  const requested =
    hasEpochKey || drawn.length >= MAX_CURVE_KEYS
      ? drawn
      : [...drawn, METRIC_KEYS.validationMacroF1];
  return { drawn, requested };
}
