'use client';
// The run's training curves: one small chart per panel (loss, macro F1, learning rate,
// throughput) with the view choices (x axis, smoothing, log scale, band) in the URL
// (use-view-state: no server round trip, the curves are already here). The data work happens
// in lib/curve-rows; this component only renders.
import { useMemo } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from 'recharts';
import type { RunViewState } from '@/features/run/lib/run-view';
import { SMOOTHING_CHOICES } from '@/lib/chart-params';
import { alignSeriesRows, buildCurveRows, type PanelRows } from '@/features/run/lib/curve-rows';
import type { CurveCharts_CurveFragment } from '@/graphql/generated/graphql';
import { formatAxisNumber, formatMetricValue } from '@/lib/format';
import { logDomain } from '@/lib/charts/log-scale';
import { nearestPoint } from '@/lib/charts/nearest-point';
import { thinPoints } from '@/lib/charts/thin-points';
import { LazyDetails } from '@/components/lazy-details';
import { useViewState } from './use-view-state';

export interface CurveChartsProps {
  curves: readonly CurveCharts_CurveFragment[];
  evaluationSteps: readonly number[];
}

export function CurveCharts({ curves, evaluationSteps }: CurveChartsProps) {
  const [view, change] = useViewState();
  const rows = useMemo(
    () =>
      buildCurveRows(
        curves,
        { xAxis: view.x, smoothing: view.smoothing, logScale: view.log },
        evaluationSteps,
      ),
    [curves, evaluationSteps, view.x, view.smoothing, view.log],
  );

  const hasCurves = rows.panels.some((panel) => panel.series.length > 0);
  return (
    <section aria-labelledby="curves-heading" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-x-5 gap-y-2">
        <h2 id="curves-heading" className="text-base font-semibold">
          Curves
        </h2>
        <fieldset className="flex items-center gap-2">
          <legend className="sr-only">x axis</legend>
          <span className="text-muted" aria-hidden="true">
            x:
          </span>
          {(['step', 'epoch'] as const).map((mode) => (
            <label key={mode} className="flex items-center gap-1">
              <input
                type="radio"
                name="curve-x"
                value={mode}
                checked={view.x === mode}
                disabled={mode === 'epoch' && !rows.epochAxis}
                onChange={() => change({ x: mode })}
              />
              {mode}
            </label>
          ))}
        </fieldset>
        <label className="flex items-center gap-2">
          <span className="text-muted">smoothing</span>
          <select
            value={String(view.smoothing)}
            onChange={(event) => change({ smoothing: Number(event.target.value) })}
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
            onChange={(event) => change({ log: event.target.checked })}
          />
          log scale
        </label>
        <label className="flex items-center gap-1">
          <input
            type="checkbox"
            checked={view.band}
            onChange={(event) => change({ band: event.target.checked })}
          />
          min/max band
        </label>
        {view.x === 'epoch' && rows.xAxis === 'step' ? (
          <span className="text-muted">no epoch boundaries logged: x is steps</span>
        ) : null}
      </div>
      {hasCurves ? (
        <div className="grid grid-cols-1 gap-3 lg:grid-cols-2">
          {rows.panels.map((panel) => (
            <CurvePanelChart key={panel.panel.id} panel={panel} xLabel={rows.xAxis} view={view} />
          ))}
        </div>
      ) : (
        <p className="rounded border border-border bg-surface px-3 py-2 text-muted">
          No curves logged yet. A trainer logs train/loss every step and validation metrics at the
          end of each epoch.
        </p>
      )}
    </section>
  );
}

function CurvePanelChart({
  panel,
  xLabel,
  view,
}: {
  panel: PanelRows;
  xLabel: 'step' | 'epoch';
  view: RunViewState;
}) {
  const { series } = panel;
  // What recharts draws; the tooltip and the table read the panel's full points.
  const drawn = useMemo(
    () => series.map((entry) => ({ ...entry, points: thinPoints(entry.points) })),
    [series],
  );
  const smoothing = view.smoothing > 0;
  const domain = view.log
    ? logDomain(
        series.flatMap((entry) =>
          entry.points.flatMap((point) => [point.value, ...(point.band ?? [])]),
        ),
      )
    : null;
  const headingId = `curve-${panel.panel.id}`;
  const summary = series
    .map((entry) => {
      const last = [...entry.points].reverse().find((point) => point.value !== null);
      return `${entry.label}: ${entry.points.length} points, last ${formatMetricValue(last?.value)} at ${xLabel} ${formatMetricValue(last?.x)}`;
    })
    .join('; ');
  return (
    <figure
      aria-labelledby={headingId}
      className="rounded-lg border border-border bg-surface p-3"
      data-panel={panel.panel.id}
    >
      <div className="flex flex-wrap items-baseline gap-x-3">
        <h3 id={headingId} className="font-semibold">
          {panel.panel.title}
        </h3>
        <ul className="flex flex-wrap gap-x-3 text-xs text-muted" aria-label="legend">
          {series.map((entry) => (
            <li key={entry.key} className="flex items-center gap-1">
              <span
                aria-hidden="true"
                className="inline-block h-0.5 w-4"
                style={{ background: entry.color }}
              />
              {entry.label}
            </li>
          ))}
        </ul>
      </div>
      {series.length === 0 ? (
        <p className="py-8 text-center text-muted">Not logged by this run.</p>
      ) : (
        <div className="h-56">
          {/* Recharts makes the chart itself focusable: arrow keys move the tooltip. */}
          <p className="sr-only">{summary}</p>
          {/* `responsive` (not ResponsiveContainer): the chart measures its box when it mounts,
              in the same commit, instead of rendering empty and waiting for a ResizeObserver. */}
          {/* interval={0}: every tick of recharts' ~5 nice ticks is shown, which fit these axes,
              instead of measuring each label in the DOM on every render pass to drop
              overlapping ones (a log axis can have a tick per 1-9 of a decade: it still does). */}
          <ComposedChart
            responsive
            className="h-full w-full"
            margin={{ top: 8, right: 12, bottom: 4, left: 0 }}
            syncId="run-curves"
            syncMethod="value"
          >
            <CartesianGrid stroke="var(--color-border)" strokeDasharray="2 4" />
            <XAxis
              dataKey="x"
              type="number"
              domain={[0, 'auto']}
              tickFormatter={formatAxisNumber}
              stroke="var(--color-muted)"
              fontSize={11}
              interval={0}
            />
            <YAxis
              type="number"
              scale={view.log ? 'log' : 'auto'}
              domain={domain ?? ['auto', 'auto']}
              allowDataOverflow={view.log}
              tickFormatter={formatAxisNumber}
              stroke="var(--color-muted)"
              fontSize={11}
              width={56}
              interval={view.log ? 'preserveEnd' : 0}
            />
            <Tooltip
              isAnimationActive={false}
              content={({ active, label }) =>
                active && typeof label === 'number' ? (
                  <CurveTooltip panel={panel} x={label} xLabel={xLabel} smoothing={smoothing} />
                ) : null
              }
            />
            {view.band
              ? drawn.map((entry) =>
                  entry.downsampled ? (
                    <Area
                      key={`${entry.key}-band`}
                      data={entry.points}
                      dataKey="band"
                      stroke="none"
                      fill={entry.color}
                      fillOpacity={0.18}
                      isAnimationActive={false}
                      activeDot={false}
                      legendType="none"
                      tooltipType="none"
                    />
                  ) : null,
                )
              : null}
            {drawn.map((entry) => (
              <Line
                key={entry.key}
                data={entry.points}
                dataKey="value"
                name={entry.label}
                stroke={entry.color}
                strokeOpacity={smoothing ? 0.3 : 1}
                strokeWidth={1.5}
                dot={entry.points.length <= 2}
                isAnimationActive={false}
              />
            ))}
            {smoothing
              ? drawn.map((entry) => (
                  <Line
                    key={`${entry.key}-smoothed`}
                    data={entry.points}
                    dataKey="smoothed"
                    name={`${entry.label} (smoothed)`}
                    stroke={entry.color}
                    strokeWidth={2}
                    dot={false}
                    isAnimationActive={false}
                  />
                ))
              : null}
          </ComposedChart>
        </div>
      )}
      {panel.hiddenOnLog > 0 ? (
        <p className="mt-1 text-xs text-muted">
          {panel.hiddenOnLog} values ≤ 0 are not shown on the log scale.
        </p>
      ) : null}
      {series.length > 0 ? <CurveTable panel={panel} xLabel={xLabel} /> : null}
    </figure>
  );
}

function CurveTooltip({
  panel,
  x,
  xLabel,
  smoothing,
}: {
  panel: PanelRows;
  x: number;
  xLabel: 'step' | 'epoch';
  smoothing: boolean;
}) {
  return (
    <div
      className="rounded border border-border bg-canvas px-2 py-1 text-xs shadow"
      data-testid="curve-tooltip"
    >
      <div className="font-semibold">
        {xLabel} <span className="num">{formatMetricValue(x)}</span>
      </div>
      <table>
        <tbody>
          {panel.series.map((entry) => {
            const point = nearestPoint(entry.points, x);
            if (!point) return null;
            return (
              <tr key={entry.key}>
                <th scope="row" className="pr-2 text-left font-normal">
                  <span
                    aria-hidden="true"
                    className="mr-1 inline-block h-2 w-2 rounded-full"
                    style={{ background: entry.color }}
                  />
                  {entry.label}
                  {xLabel === 'epoch' ? (
                    <span className="text-muted"> (step {point.step})</span>
                  ) : null}
                </th>
                <td className="num">{formatMetricValue(point.value)}</td>
                {smoothing ? (
                  <td className="num pl-2 text-muted">{formatMetricValue(point.smoothed)}</td>
                ) : null}
                {point.band && point.band[0] !== point.band[1] ? (
                  <td className="num pl-2 text-muted">
                    [{formatMetricValue(point.band[0])}, {formatMetricValue(point.band[1])}]
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The numbers behind a chart, for screen readers and anyone who wants them. */
function CurveTable({ panel, xLabel }: { panel: PanelRows; xLabel: 'step' | 'epoch' }) {
  const rowCount = new Set(panel.series.flatMap((entry) => entry.points.map((point) => point.step)))
    .size;
  return (
    <LazyDetails className="mt-1 text-xs" summary={`Table of values (${rowCount} rows)`}>
      {() => (
        <div
          className="max-h-64 overflow-auto"
          tabIndex={0}
          role="region"
          aria-label={`${panel.panel.title}: table of values`}
        >
          <table className="w-full" data-curve-table={panel.panel.id}>
            <caption className="sr-only">
              {panel.panel.title} by {xLabel}
            </caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  step
                </th>
                {xLabel === 'epoch' ? (
                  <th scope="col" className="num">
                    epoch
                  </th>
                ) : null}
                {panel.series.map((entry) => (
                  <th key={entry.key} scope="col" className="num" data-key={entry.key}>
                    {entry.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {alignSeriesRows(panel.series).map((row) => (
                <tr key={row.step}>
                  <td className="num">{row.step}</td>
                  {xLabel === 'epoch' ? <td className="num">{formatMetricValue(row.x)}</td> : null}
                  {panel.series.map((entry) => (
                    <td key={entry.key} className="num">
                      {entry.key in row.values ? formatMetricValue(row.values[entry.key]) : ''}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </LazyDetails>
  );
}
