// The run page's view choices live in the URL (shareable, kept on reload and back): x axis,
// smoothing, log scale, band, the evaluation shown per class, the heatmap's normalisation and
// scale. Parsing never throws: an unknown or malformed value falls back to its default, and
// serialising leaves defaults out so a plain link stays short.
import type { SequentialScheme } from './color-scale';
import type { XAxisMode } from './curve-rows';

export interface RunViewState {
  x: XAxisMode;
  /** EMA weight, 0 (off) to 0.99. */
  smoothing: number;
  log: boolean;
  band: boolean;
  /** Step of the evaluation shown in the per-class section; null = the best one. */
  evalStep: number | null;
  normalized: boolean;
  scheme: SequentialScheme;
}

export const DEFAULT_VIEW: RunViewState = {
  x: 'step',
  smoothing: 0,
  log: false,
  band: true,
  evalStep: null,
  normalized: false,
  scheme: 'viridis',
};

/** The smoothing slider's choices (TensorBoard's default is 0.6). */
export const SMOOTHING_CHOICES = [0, 0.3, 0.6, 0.8, 0.9, 0.95, 0.99] as const;

type SearchParams = Record<string, string | string[] | undefined> | URLSearchParams;

function read(params: SearchParams, name: string): string | undefined {
  if (params instanceof URLSearchParams) return params.get(name) ?? undefined;
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
}

export function parseViewState(params: SearchParams): RunViewState {
  const x = read(params, 'x');
  const smoothing = Number(read(params, 'smooth'));
  const evalStep = read(params, 'eval');
  const scheme = read(params, 'scale');
  return {
    x: x === 'epoch' ? 'epoch' : DEFAULT_VIEW.x,
    smoothing:
      Number.isFinite(smoothing) && smoothing >= 0 && smoothing < 1
        ? smoothing
        : DEFAULT_VIEW.smoothing,
    log: read(params, 'log') === '1',
    band: read(params, 'band') !== '0',
    evalStep: evalStep !== undefined && /^\d{1,10}$/.test(evalStep) ? Number(evalStep) : null,
    normalized: read(params, 'norm') === '1',
    scheme: scheme === 'cividis' ? 'cividis' : DEFAULT_VIEW.scheme,
  };
}

/** Query string of a state (without '?'), defaults left out. */
export function serializeViewState(state: RunViewState): string {
  const params = new URLSearchParams();
  if (state.x !== DEFAULT_VIEW.x) params.set('x', state.x);
  if (state.smoothing !== DEFAULT_VIEW.smoothing) params.set('smooth', String(state.smoothing));
  if (state.log) params.set('log', '1');
  if (!state.band) params.set('band', '0');
  if (state.evalStep !== null) params.set('eval', String(state.evalStep));
  if (state.normalized) params.set('norm', '1');
  if (state.scheme !== DEFAULT_VIEW.scheme) params.set('scale', state.scheme);
  return params.toString();
}

/** The href that changes some choices and keeps the rest. */
export function viewHref(
  pathname: string,
  state: RunViewState,
  change: Partial<RunViewState>,
): string {
  const query = serializeViewState({ ...state, ...change });
  return query ? `${pathname}?${query}` : pathname;
}
