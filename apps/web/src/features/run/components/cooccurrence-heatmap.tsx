'use client';
// The 28x28 label co-occurrence of one evaluation as a heatmap: rows are true classes, columns
// predicted ones, colour on viridis or cividis (perceptually uniform, colour-blind safe). Counts
// show on hover (and in the readout line, for touch and keyboard users via the table); the
// table behind the chart holds every number. Choices live in the URL (use-view-state): only
// the colouring changes, the data is already here.
import { useMemo, useState } from 'react';
import {
  cooccurrenceCells,
  legendStops,
  type HeatmapCell,
  type HeatmapData,
} from '@/features/run/lib/cooccurrence-cells';
import type { CooccurrenceHeatmap_EvaluationFragment } from '@/graphql/generated/graphql';
import { formatCount, formatPercent } from '@/lib/format';
import { LazyDetails } from '@/components/lazy-details';
import { useViewState } from './use-view-state';

const CELL = 18;
const ROW_LABEL_WIDTH = 190;
const COLUMN_LABEL_HEIGHT = 150;
/** Room on the right for the last column labels, which lean right. */
const RIGHT_MARGIN = 90;

/** The cell a mouse event's target is, from its data-cell ("row column"); null off the cells. */
function cellAt(data: HeatmapData, target: EventTarget): HeatmapCell | null {
  const name = target instanceof Element ? target.getAttribute('data-cell') : null;
  if (!name) return null;
  const [row, column] = name.split(' ').map(Number);
  return data.cells[row!]?.[column!] ?? null;
}

export function CooccurrenceHeatmap({
  evaluation,
}: {
  evaluation: CooccurrenceHeatmap_EvaluationFragment;
}) {
  const { cooccurrence: matrix, support } = evaluation;
  const [view, change] = useViewState();
  const data = useMemo(
    () => cooccurrenceCells(matrix, support, { normalized: view.normalized, scheme: view.scheme }),
    [matrix, support, view.normalized, view.scheme],
  );
  const [hovered, setHovered] = useState<HeatmapCell | null>(null);
  // The cells depend on the data only, so a hover does not touch them. No <title> per cell:
  // the readout above the chart names the hovered cell, and the table holds every number.
  const cellRects = useMemo(
    () =>
      data.cells.flatMap((row) =>
        row.map((cell) => (
          <rect
            key={`${cell.row}-${cell.column}`}
            x={ROW_LABEL_WIDTH + cell.column * CELL}
            y={COLUMN_LABEL_HEIGHT + cell.row * CELL}
            width={CELL - 1}
            height={CELL - 1}
            fill={cell.fill}
            data-cell={`${cell.row} ${cell.column}`}
          />
        )),
      ),
    [data],
  );

  const size = data.classNames.length;
  const width = ROW_LABEL_WIDTH + size * CELL + RIGHT_MARGIN;
  const height = COLUMN_LABEL_HEIGHT + size * CELL + 4;
  const stops = legendStops(view.scheme);
  return (
    <figure
      aria-labelledby="heatmap-heading"
      className="rounded-lg border border-border bg-surface p-3"
    >
      <div className="flex flex-wrap items-center gap-x-5 gap-y-2">
        <h3 id="heatmap-heading" className="font-semibold">
          Label co-occurrence (true × predicted)
        </h3>
        <label className="flex items-center gap-1">
          <input
            type="checkbox"
            checked={view.normalized}
            onChange={(event) => change({ normalized: event.target.checked })}
          />
          row-normalised (share of the true class)
        </label>
        <label className="flex items-center gap-2">
          <span className="text-muted">colour scale</span>
          <select
            value={view.scheme}
            onChange={(event) =>
              change({ scheme: event.target.value === 'cividis' ? 'cividis' : 'viridis' })
            }
            className="rounded border border-border bg-canvas px-1 py-0.5"
          >
            <option value="viridis">viridis</option>
            <option value="cividis">cividis</option>
          </select>
        </label>
      </div>
      <p className="mt-1 min-h-5 text-xs" aria-live="polite" data-testid="heatmap-readout">
        {hovered ? hovered.label : 'Hover a cell for its count.'}
      </p>
      <div className="overflow-x-auto">
        <svg
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-label={`Co-occurrence heatmap of ${size} classes, ${data.normalized ? 'row-normalised' : `counts up to ${formatCount(data.max)}`}; the table below lists every value.`}
          onMouseLeave={() => setHovered(null)}
          data-testid="heatmap"
        >
          <g fontSize={10} fill="var(--color-fg)">
            {data.classNames.map((name, i) => (
              <text
                key={`row-${i}`}
                x={ROW_LABEL_WIDTH - 6}
                y={COLUMN_LABEL_HEIGHT + i * CELL + CELL / 2}
                textAnchor="end"
                dominantBaseline="middle"
                fontWeight={hovered?.row === i ? 700 : 400}
              >
                {name}
              </text>
            ))}
            {data.classNames.map((name, j) => {
              const x = ROW_LABEL_WIDTH + j * CELL + CELL / 2;
              const y = COLUMN_LABEL_HEIGHT - 6;
              return (
                <text
                  key={`column-${j}`}
                  x={x}
                  y={y}
                  transform={`rotate(-60 ${x} ${y})`}
                  textAnchor="start"
                  dominantBaseline="middle"
                  fontWeight={hovered?.column === j ? 700 : 400}
                >
                  {name}
                </text>
              );
            })}
          </g>
          {/* One handler for all 784 cells (each cell names itself in data-cell): no closure
              per cell, and hovering re-renders the outline and the labels, not the cells. */}
          <g onMouseOver={(event) => setHovered(cellAt(data, event.target))}>{cellRects}</g>
          {hovered ? (
            <path
              d={`M${ROW_LABEL_WIDTH + hovered.column * CELL} ${COLUMN_LABEL_HEIGHT + hovered.row * CELL}h${CELL - 1}v${CELL - 1}h${1 - CELL}z`}
              fill="none"
              stroke="var(--color-fg)"
              pointerEvents="none"
              data-testid="heatmap-hover"
            />
          ) : null}
        </svg>
      </div>
      <div className="mt-2 flex items-center gap-2 text-xs">
        <span className="num">0</span>
        <span
          aria-hidden="true"
          className="h-3 w-48 rounded-sm"
          style={{ background: `linear-gradient(to right, ${stops.join(', ')})` }}
        />
        <span className="num">{data.normalized ? '100%' : formatCount(data.max)}</span>
        <span className="text-muted">
          {data.normalized ? 'of the true class’s images' : 'images'}
        </span>
      </div>
      <LazyDetails className="mt-2 text-xs" summary="Table of the co-occurrence values">
        {() => (
          <div
            className="max-h-96 overflow-auto"
            style={{ maxWidth: width }}
            tabIndex={0}
            role="region"
            aria-label="Co-occurrence table"
          >
            <table data-testid="heatmap-table">
              <caption className="sr-only">
                Rows: true class; columns: predicted class (by id);{' '}
                {data.normalized ? 'share of the true class' : 'image counts'}
              </caption>
              <thead>
                <tr>
                  <th scope="col" className="text-left">
                    true \ predicted
                  </th>
                  {data.classNames.map((name, j) => (
                    <th key={j} scope="col" className="num px-1" title={name}>
                      <abbr title={name}>{j}</abbr>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.cells.map((row, i) => (
                  <tr key={i}>
                    <th scope="row" className="whitespace-nowrap pr-2 text-left font-normal">
                      {i} {data.classNames[i]}
                    </th>
                    {row.map((cell) => (
                      <td key={cell.column} className="num px-1">
                        {data.normalized ? formatPercent(cell.share) : formatCount(cell.count)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </LazyDetails>
    </figure>
  );
}
