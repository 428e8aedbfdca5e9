'use client';
// One key's curves of the compared runs: a line per visible run in its colour and dash, its
// smoothed line when smoothing is on, its min/max band when the API merged points into buckets.
// Every chart shows the same x range (the page's zoom); dragging across this one sets it for
// all. Pointing at a chart shows its values at that x and a cursor at the same x on every chart
// of the page; the table behind the chart holds its numbers for keyboard and screen-reader users.
//
// Drawn without a chart library, as SVG paths in a viewBox stretched over the plot area
// (lib/curve-paths) with the axes' labels as HTML around it. So the server renders the charts
// with the page, drawn before any script runs, and the page loads no chart library: as recharts
// charts (20 runs x 6 keys) they were most of the page's script and main-thread time, and drawn
// only after hydration, a measure of the plot and several render passes.
import { memo, useMemo, useRef, useState, type PointerEvent } from 'react';
import { LazyDetails } from '@/components/lazy-details';
import {
  type CompareChart,
  drawnPointsPerSeries,
  xAtOffset,
  zoomFromDrag,
} from '@/features/compare/lib/compare-curves';
import type { XRange } from '@/features/compare/lib/compare-url';
import {
  type AxisMap,
  bandPath,
  linePath,
  linearTicks,
  logTicks,
  niceDomain,
  project,
  valueExtent,
} from '@/features/compare/lib/curve-paths';
import { alignSeriesRows, type CurveSeriesRows } from '@/lib/charts/curve-series';
import { logDomain } from '@/lib/charts/log-scale';
import { nearestPoint } from '@/lib/charts/nearest-point';
import { thinPoints } from '@/lib/charts/thin-points';
import { formatAxisNumber, formatMetricValue } from '@/lib/format';

/** The plot's place in its box (px): the y axis' labels left of it, the x axis' under it. */
const PLOT = { top: 8, right: 12, bottom: 30, left: 56 };
/** The viewBox of the plot: its units are stretched over the plot area, whatever its size. */
const VIEW = 1000;

interface Drag {
  start: number;
  end: number;
}

export function CompareCurveChart({
  chart,
  domain,
  xLabel,
  logScale,
  band,
  smoothing,
  hoverX,
  onHover,
  onZoom,
}: {
  chart: CompareChart;
  domain: [number, number] | null;
  xLabel: 'step' | 'epoch';
  logScale: boolean;
  band: boolean;
  smoothing: boolean;
  /** The x pointed at on any chart of the page (a cursor is drawn there), or null. */
  hoverX: number | null;
  /** Says which x this chart is pointed at (null: the pointer left it). */
  onHover: (x: number | null) => void;
  onZoom: (zoom: XRange) => void;
}) {
  const { series } = chart;
  const drawn = useMemo(() => {
    const most = drawnPointsPerSeries(series.length);
    return series.map((entry) => ({ ...entry, points: thinPoints(entry.points, most) }));
  }, [series]);
  const yDomain = useMemo((): [number, number] => {
    if (logScale) {
      const values = series.flatMap((entry) =>
        entry.points.flatMap((point) => [point.value, ...(point.band ?? [])]),
      );
      return logDomain(values) ?? [1, 10];
    }
    const extent = valueExtent(drawn, band);
    return extent ? niceDomain(extent) : [0, 1];
  }, [series, drawn, logScale, band]);
  const xDomain = useMemo((): [number, number] => domain ?? [0, 1], [domain]);
  // The x positions pointing snaps to: every drawn point's.
  const xs = useMemo(
    () =>
      [...new Set(drawn.flatMap((entry) => entry.points.map((point) => point.x)))].sort(
        (a, b) => a - b,
      ),
    [drawn],
  );
  const box = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<Drag | null>(null);
  const [pointer, setPointer] = useState<{ x: number; left: number; plotWidth: number } | null>(
    null,
  );
  const headingId = `curve-${chart.key.replace(/[^A-Za-z0-9_-]/g, '-')}`;

  const axes = useMemo(
    () => ({
      x: { domain: xDomain, range: [0, VIEW], log: false } satisfies AxisMap,
      y: { domain: yDomain, range: [VIEW, 0], log: logScale } satisfies AxisMap,
      xTicks: linearTicks(xDomain),
      yTicks: logScale ? logTicks(yDomain) : linearTicks(yDomain),
    }),
    [xDomain, yDomain, logScale],
  );
  const { x, y, xTicks, yTicks } = axes;

  const offsetOf = (event: PointerEvent<HTMLDivElement>) => {
    const rect = box.current!.getBoundingClientRect();
    return {
      x: event.clientX - rect.left - PLOT.left,
      y: event.clientY - rect.top,
      plotWidth: rect.width - PLOT.left - PLOT.right,
      plotBottom: rect.height - PLOT.bottom,
    };
  };
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (!domain || event.button !== 0) return;
    const at = offsetOf(event);
    if (at.x < 0 || at.x > at.plotWidth || at.y > at.plotBottom) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    setDrag({ start: at.x, end: at.x });
    setPointer(null);
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const at = offsetOf(event);
    if (drag) {
      setDrag({ ...drag, end: Math.min(Math.max(at.x, 0), at.plotWidth) });
      return;
    }
    if (at.x < 0 || at.x > at.plotWidth || xs.length === 0) {
      setPointer(null);
      onHover(null);
      return;
    }
    const wanted = xAtOffset(at.x, at.plotWidth, xDomain);
    const snapped = xs.reduce((best, candidate) =>
      Math.abs(candidate - wanted) < Math.abs(best - wanted) ? candidate : best,
    );
    setPointer({ x: snapped, left: at.x, plotWidth: at.plotWidth });
    onHover(snapped);
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    if (!drag || !domain) return;
    const { plotWidth } = offsetOf(event);
    const zoom = zoomFromDrag(
      xAtOffset(drag.start, plotWidth, domain),
      xAtOffset(drag.end, plotWidth, domain),
      domain,
    );
    setDrag(null);
    if (zoom) onZoom(zoom);
  };
  const onPointerLeave = () => {
    setPointer(null);
    onHover(null);
  };

  const summary = series
    .map((entry) => {
      const last = [...entry.points].reverse().find((point) => point.value !== null);
      return `${entry.label}: last ${formatMetricValue(last?.value)} at ${xLabel} ${formatMetricValue(last?.x)}`;
    })
    .join('; ');
  const cursorAt =
    hoverX !== null && hoverX >= xDomain[0] && hoverX <= xDomain[1] ? project(x, hoverX) : null;

  return (
    <figure
      aria-labelledby={headingId}
      className="rounded-lg border border-border bg-surface p-3"
      data-curve-key={chart.key}
    >
      <div className="flex flex-wrap items-baseline gap-x-3">
        <h3 id={headingId} className="font-semibold">
          {chart.title}
        </h3>
        {chart.title !== chart.key ? (
          <span className="font-mono text-xs text-muted">{chart.key}</span>
        ) : null}
      </div>
      {series.length === 0 ? (
        <p className="py-8 text-center text-muted">
          {chart.logged ? 'Every run that logged it is hidden.' : 'Not logged by these runs.'}
        </p>
      ) : (
        <div
          ref={box}
          className="relative h-64 cursor-crosshair touch-none select-none text-[11px] text-muted"
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerLeave={onPointerLeave}
          onPointerCancel={() => setDrag(null)}
          data-testid="curve-plot"
        >
          <p className="sr-only">{summary}</p>
          <div aria-hidden="true">
            <div
              className="absolute"
              style={{ top: PLOT.top, bottom: PLOT.bottom, left: 0, width: PLOT.left - 6 }}
            >
              {yTicks.map((tick) => (
                <span
                  key={tick}
                  className="num absolute right-0 -translate-y-1/2"
                  style={{ top: `${project(y, tick) / (VIEW / 100)}%` }}
                >
                  {formatAxisNumber(tick)}
                </span>
              ))}
            </div>
            <div
              className="absolute"
              style={{ left: PLOT.left, right: PLOT.right, bottom: 0, height: PLOT.bottom - 6 }}
            >
              {xTicks.map((tick) => (
                <span
                  key={tick}
                  className="num absolute bottom-0 -translate-x-1/2"
                  style={{ left: `${project(x, tick) / (VIEW / 100)}%` }}
                >
                  {formatAxisNumber(tick)}
                </span>
              ))}
            </div>
          </div>
          <svg
            className="absolute border-b border-l border-muted"
            style={{
              top: PLOT.top,
              left: PLOT.left,
              width: `calc(100% - ${PLOT.left + PLOT.right}px)`,
              height: `calc(100% - ${PLOT.top + PLOT.bottom}px)`,
            }}
            viewBox={`0 0 ${VIEW} ${VIEW}`}
            preserveAspectRatio="none"
            aria-hidden="true"
          >
            <Plot
              series={drawn}
              x={x}
              y={y}
              xTicks={xTicks}
              yTicks={yTicks}
              band={band}
              smoothing={smoothing}
            />
            {cursorAt !== null && !drag ? (
              <path
                d={`M${cursorAt},0V${VIEW}`}
                stroke="var(--color-muted)"
                strokeWidth={1}
                vectorEffect="non-scaling-stroke"
              />
            ) : null}
          </svg>
          {pointer && !drag ? (
            <div
              className="pointer-events-none absolute z-10"
              style={
                pointer.left < pointer.plotWidth / 2
                  ? { top: PLOT.top, left: PLOT.left + pointer.left + 12 }
                  : { top: PLOT.top, right: PLOT.right + pointer.plotWidth - pointer.left + 12 }
              }
            >
              <CurveTooltip chart={chart} x={pointer.x} xLabel={xLabel} />
            </div>
          ) : null}
          {drag ? (
            <div
              aria-hidden="true"
              className="pointer-events-none absolute border-x border-accent bg-accent/15"
              style={{
                left: PLOT.left + Math.min(drag.start, drag.end),
                width: Math.abs(drag.end - drag.start),
                top: PLOT.top,
                bottom: PLOT.bottom,
              }}
            />
          ) : null}
        </div>
      )}
      {chart.hiddenOnLog > 0 ? (
        <p className="mt-1 text-xs text-muted">
          {chart.hiddenOnLog} values ≤ 0 are not shown on the log scale.
        </p>
      ) : null}
      {series.length > 0 ? <CurveTable chart={chart} xLabel={xLabel} /> : null}
    </figure>
  );
}

/**
 * The grid and every run's band, line and smoothed line, in viewBox units (the strokes keep
 * their width and dashes in screen pixels however the plot is stretched). Memoised: pointing
 * at the chart redraws the cursor and the tooltip, not these.
 */
const Plot = memo(function PlotPaths({
  series,
  x,
  y,
  xTicks,
  yTicks,
  band,
  smoothing,
}: {
  series: readonly CurveSeriesRows[];
  x: AxisMap;
  y: AxisMap;
  xTicks: readonly number[];
  yTicks: readonly number[];
  band: boolean;
  smoothing: boolean;
}) {
  return (
    <>
      <path
        d={[
          ...xTicks.map((tick) => `M${project(x, tick)},0V${VIEW}`),
          ...yTicks.map((tick) => `M0,${project(y, tick)}H${VIEW}`),
        ].join('')}
        stroke="var(--color-border)"
        strokeDasharray="2 4"
        vectorEffect="non-scaling-stroke"
      />
      {band
        ? series.map((entry) =>
            entry.downsampled ? (
              <path
                key={`${entry.key}-band`}
                d={bandPath(entry.points, x, y)}
                fill={entry.color}
                fillOpacity={0.15}
              />
            ) : null,
          )
        : null}
      {series.map((entry) => (
        <path
          key={entry.key}
          className="compare-curve-line"
          d={linePath(entry.points, 'value', x, y)}
          fill="none"
          stroke={entry.color}
          strokeDasharray={entry.dash}
          strokeOpacity={smoothing ? 0.3 : 1}
          strokeWidth={1.5}
          strokeLinejoin="round"
          vectorEffect="non-scaling-stroke"
          data-run={entry.key}
        />
      ))}
      {/* A run with one or two points shows them as dots: a line that short is easy to miss.
          A dot is a zero-length stroke with round caps, so stretching leaves it round. */}
      {series.map((entry) =>
        entry.points.length <= 2 ? (
          <path
            key={`${entry.key}-dots`}
            d={entry.points
              .filter((point) => point.value !== null && !(y.log && point.value <= 0))
              .map((point) => `M${project(x, point.x)},${project(y, point.value!)}h0`)
              .join('')}
            stroke={entry.color}
            strokeWidth={6}
            strokeLinecap="round"
            vectorEffect="non-scaling-stroke"
          />
        ) : null,
      )}
      {smoothing
        ? series.map((entry) => (
            <path
              key={`${entry.key}-smoothed`}
              className="compare-curve-line"
              d={linePath(entry.points, 'smoothed', x, y)}
              fill="none"
              stroke={entry.color}
              strokeDasharray={entry.dash}
              strokeWidth={2}
              strokeLinejoin="round"
              vectorEffect="non-scaling-stroke"
              data-run={entry.key}
              data-smoothed="true"
            />
          ))
        : null}
    </>
  );
});

function CurveTooltip({
  chart,
  x,
  xLabel,
}: {
  chart: CompareChart;
  x: number;
  xLabel: 'step' | 'epoch';
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
          {chart.series.map((entry) => {
            const point = nearestPoint(entry.points, x);
            if (!point) return null;
            return (
              <tr key={entry.key}>
                <th scope="row" className="max-w-48 truncate pr-2 text-left font-normal">
                  <span
                    aria-hidden="true"
                    className="mr-1 inline-block h-2 w-2 rounded-full"
                    style={{ background: entry.color }}
                  />
                  {entry.label}
                </th>
                <td className="num">{formatMetricValue(point.value)}</td>
                {point.smoothed !== point.value ? (
                  <td className="num pl-2 text-muted">{formatMetricValue(point.smoothed)}</td>
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
function CurveTable({ chart, xLabel }: { chart: CompareChart; xLabel: 'step' | 'epoch' }) {
  return (
    <LazyDetails className="mt-1 text-xs" summary="Table of values">
      {() => {
        const rows = alignSeriesRows(chart.series);
        return (
          <div
            className="relative max-h-64 overflow-auto"
            tabIndex={0}
            role="region"
            aria-label={`${chart.title}: table of values`}
          >
            <table className="w-full" data-curve-table={chart.key}>
              <caption className="sr-only">
                {chart.title} of each run by {xLabel}
              </caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    step
                  </th>
                  {chart.series.map((entry) => (
                    <th key={entry.key} scope="col" className="num">
                      {entry.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.step}>
                    <td className="num">{row.step}</td>
                    {chart.series.map((entry) => (
                      <td key={entry.key} className="num">
                        {entry.key in row.values ? formatMetricValue(row.values[entry.key]) : ''}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      }}
    </LazyDetails>
  );
}
