'use client';
// The compared runs' curves overlaid, one chart per chosen key, every choice in the URL (nuqs):
// the keys (a new set asks the server for their curves), x by step or epoch, EMA smoothing, log
// scale, min/max band, the x range every chart shows (drag across any chart, or type it, and
// reset), and the runs the legend hides. Each run keeps its colour and dash of every other part
// of the page. lib/compare-curves prepares the series; this file holds the controls.
import { EPOCH_METRIC_KEYS } from '@hpa-lab/ml/config';
import { useQueryStates } from 'nuqs';
import { useMemo, useState, useTransition } from 'react';
import { buildCompareCharts, curveTitle } from '@/features/compare/lib/compare-curves';
import {
  MAX_CURVE_KEYS,
  compareParams,
  compareUrlKeys,
  type XRange,
} from '@/features/compare/lib/compare-url';
import type { CompareCurves_RunComparisonFragment } from '@/graphql/generated/graphql';
import { SMOOTHING_CHOICES } from '@/lib/chart-params';
import { runStyle } from '@/lib/run-styles';
import { CompareCurveChart } from './compare-curve-chart';
import { ZoomControls } from './zoom-controls';
import { RunSwatch } from './run-swatch';
import { useLiveCurves } from './use-live-curves';

const viewParams = {
  keys: compareParams.keys,
  x: compareParams.x,
  smoothing: compareParams.smoothing,
  log: compareParams.log,
  band: compareParams.band,
  zoom: compareParams.zoom,
  hide: compareParams.hide,
};

export function CompareCurves({
  comparison,
  keys,
}: {
  comparison: CompareCurves_RunComparisonFragment;
  /** The keys drawn (the URL's as the server used them). */
  keys: readonly string[];
}) {
  const [pending, startTransition] = useTransition();
  const [view, setView] = useQueryStates(viewParams, {
    urlKeys: compareUrlKeys,
    history: 'replace',
    scroll: false,
  });
  const hidden = useMemo(() => new Set(view.hide), [view.hide]);
  // The x pointed at on any chart: every chart draws its cursor there.
  const [hoverX, setHoverX] = useState<number | null>(null);
  const { curves, live } = useLiveCurves(comparison.curves, comparison.runs);
  const model = useMemo(
    () =>
      buildCompareCharts(curves, comparison.runs, keys, EPOCH_METRIC_KEYS, {
        xAxis: view.x,
        smoothing: view.smoothing,
        logScale: view.log,
        hidden,
        zoom: view.zoom,
      }),
    [curves, comparison.runs, keys, view.x, view.smoothing, view.log, hidden, view.zoom],
  );
  const available = useMemo(
    () =>
      [
        ...new Set([...keys, ...view.keys, ...comparison.runs.flatMap((run) => run.metricKeys)]),
      ].sort((a, b) => a.localeCompare(b)),
    [comparison.runs, keys, view.keys],
  );
  // A new set of keys needs their curves from the server; every other choice is drawn here.
  const chooseKeys = (next: string[]) =>
    void setView({ keys: next }, { shallow: false, startTransition });
  const zoomTo = (zoom: XRange | null) => void setView({ zoom });
  const toggleRun = (id: string) =>
    void setView({
      hide: hidden.has(id) ? view.hide.filter((other) => other !== id) : [...view.hide, id],
    });

  return (
    <section
      aria-labelledby="curves-heading"
      className="flex flex-col gap-3"
      data-testid="compare-curves"
    >
      <div className="flex flex-wrap items-center gap-x-5 gap-y-2 text-sm">
        <h2 id="curves-heading" className="text-base font-semibold">
          Curves
        </h2>
        <details className="relative">
          <summary className="cursor-pointer rounded border border-border px-2 py-0.5">
            Curves shown ({keys.length})
          </summary>
          <fieldset
            className="absolute z-10 mt-1 grid w-80 max-w-[90vw] gap-0.5 rounded border border-border bg-canvas p-2 shadow-lg"
            aria-busy={pending}
          >
            <legend className="sr-only">Curves shown</legend>
            {available.map((key) => {
              // The URL's choice at once; the charts follow when the server has the curves.
              const checked = view.keys.includes(key);
              return (
                <label key={key} className="flex items-center gap-1.5">
                  <input
                    type="checkbox"
                    checked={checked}
                    disabled={!checked && view.keys.length >= MAX_CURVE_KEYS}
                    onChange={() =>
                      chooseKeys(
                        checked ? view.keys.filter((other) => other !== key) : [...view.keys, key],
                      )
                    }
                  />
                  <span>{curveTitle(key)}</span>
                  {curveTitle(key) !== key ? (
                    <span className="font-mono text-xs text-muted">{key}</span>
                  ) : null}
                </label>
              );
            })}
          </fieldset>
        </details>
        <fieldset className="flex items-center gap-2">
          <legend className="sr-only">x axis</legend>
          <span className="text-muted" aria-hidden="true">
            x:
          </span>
          {(['step', 'epoch'] as const).map((mode) => (
            <label key={mode} className="flex items-center gap-1">
              <input
                type="radio"
                name="compare-x"
                value={mode}
                checked={view.x === mode}
                onChange={() => void setView({ x: mode, zoom: null })}
              />
              {mode}
            </label>
          ))}
        </fieldset>
        <label className="flex items-center gap-2">
          <span className="text-muted">smoothing</span>
          <select
            value={String(view.smoothing)}
            onChange={(event) => void setView({ smoothing: Number(event.target.value) })}
            className="rounded border border-border bg-canvas px-1 py-0.5"
          >
            {SMOOTHING_CHOICES.map((weight) => (
              <option key={weight} value={String(weight)}>
                {weight === 0 ? 'off' : `EMA ${weight}`}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1">
          <input
            type="checkbox"
            checked={view.log}
            onChange={(event) => void setView({ log: event.target.checked })}
          />
          log scale
        </label>
        <label className="flex items-center gap-1">
          <input
            type="checkbox"
            checked={view.band}
            onChange={(event) => void setView({ band: event.target.checked })}
          />
          min/max band
        </label>
        {pending ? <span className="text-muted">loading curves…</span> : null}
      </div>
      {live}
      <ZoomControls zoom={view.zoom} extent={model.extent} xLabel={model.xAxis} onZoom={zoomTo} />
      {view.x === 'epoch' && model.xAxis === 'step' ? (
        <p className="text-xs text-muted">
          x is steps: no epoch boundaries logged by {model.withoutEpochs.join(', ') || 'these runs'}
          .
        </p>
      ) : null}
      <ul
        className="flex flex-wrap gap-x-2 gap-y-1 text-xs"
        aria-label="Runs on the curves (press to hide or show)"
      >
        {comparison.runs.map((run, index) => {
          const style = runStyle(index);
          const shown = !hidden.has(run.id);
          return (
            <li key={run.id}>
              <button
                type="button"
                aria-pressed={shown}
                onClick={() => toggleRun(run.id)}
                className={`flex items-center gap-1.5 rounded border border-border px-1.5 py-0.5 hover:bg-raised ${shown ? '' : 'text-muted line-through'}`}
                data-testid="legend-run"
              >
                <RunSwatch style={style} dimmed={!shown} />
                {run.name}
                <span className="sr-only">{shown ? ' (shown)' : ' (hidden)'}</span>
              </button>
            </li>
          );
        })}
        {view.hide.length > 0 ? (
          <li>
            <button
              type="button"
              className="rounded px-1.5 py-0.5 text-accent underline"
              onClick={() => void setView({ hide: [] })}
            >
              show all
            </button>
          </li>
        ) : null}
      </ul>
      {keys.length === 0 ? (
        <p className="rounded border border-border bg-surface px-3 py-2 text-muted">
          No curve chosen: pick one under “Curves shown”.
        </p>
      ) : (
        <div className="grid grid-cols-1 gap-3 xl:grid-cols-2">
          {model.charts.map((chart) => (
            <CompareCurveChart
              key={chart.key}
              chart={chart}
              domain={model.domain}
              xLabel={model.xAxis}
              logScale={view.log}
              band={view.band}
              smoothing={view.smoothing > 0}
              hoverX={hoverX}
              onHover={setHoverX}
              onZoom={zoomTo}
            />
          ))}
        </div>
      )}
    </section>
  );
}
