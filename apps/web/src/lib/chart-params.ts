// The curve charts' view choices as nuqs parsers, shared by every page that draws curves (the
// run page, the compare page): x axis, EMA smoothing, log scale, min/max band. Server
// components read them with a nuqs loader, client components with useQueryStates; a value
// that makes no sense falls back to its default, and defaults stay out of the URL.
import { createParser, parseAsStringLiteral } from 'nuqs/server';

export const X_AXIS_MODES = ['step', 'epoch'] as const;
export type XAxisMode = (typeof X_AXIS_MODES)[number];

/** The smoothing menu's choices (TensorBoard's default is 0.6). */
export const SMOOTHING_CHOICES = [0, 0.3, 0.6, 0.8, 0.9, 0.95, 0.99] as const;

/** A yes/no choice written `1` or `0` (short links; `log=1` reads as what it is). */
export const parseAsFlag = createParser({
  parse: (value) => (value === '1' ? true : value === '0' ? false : null),
  serialize: (value: boolean) => (value ? '1' : '0'),
});

/** An EMA weight in [0, 1): 0 is off. */
export const parseAsSmoothing = createParser({
  parse: (value) => {
    const weight = value.trim() === '' ? Number.NaN : Number(value);
    return Number.isFinite(weight) && weight >= 0 && weight < 1 ? weight : null;
  },
  serialize: (value: number) => String(value),
});

export const chartSearchParams = {
  x: parseAsStringLiteral(X_AXIS_MODES).withDefault('step'),
  smoothing: parseAsSmoothing.withDefault(0),
  log: parseAsFlag.withDefault(false),
  band: parseAsFlag.withDefault(true),
};

/** The URL's short names of the chart choices. */
export const chartUrlKeys = { smoothing: 'smooth' } as const;
