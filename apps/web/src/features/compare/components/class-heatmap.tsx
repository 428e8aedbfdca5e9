'use client';
// Per-class F1 of the compared runs as a runs x classes heatmap: a column per class (its name,
// its validation support, ◆ on the five rarest), sorted by support; a row per run (its colour
// swatch, the same as on every chart of the page), then the ensemble and the best-per-class
// composite when the page has them. Viridis over F1 0-1 (perceptually uniform, colour-blind
// safe); each class's best run is outlined. The value shows on hover in the readout line, and
// the table beneath holds every number for keyboard and screen-reader users. Cells are
// memoised on the data and share one delegated hover handler (as the run page's heatmap).
import { useMemo, useState } from 'react';
import {
  classHeatmap,
  type ClassHeatmap as HeatmapModel,
  type HeatmapRowInput,
} from '@/features/compare/lib/class-heatmap';
import { rgbToHex, schemeColor, textColorOn } from '@/lib/color-scale';
import { formatCount, formatScore } from '@/lib/format';

export interface HeatmapSeries extends HeatmapRowInput {
  /** The run's colour and dash on every chart of the page; null for a derived row. */
  color: string | null;
  dash: string | undefined;
}

const CELL_W = 28;
const CELL_H = 22;
const LABEL_W = 190;
const HEADER_H = 150;
/** Room under the class names for the support figures. */
const SUPPORT_H = 16;
/** The gap between the runs and the derived rows. */
const DERIVED_GAP = 8;
const RIGHT_MARGIN = 60;

const KIND_NOTE = {
  run: '',
  ensemble: 'the mean of the runs’ probabilities',
  composite: 'each class from the run that wins it, cross-fitted',
} as const;

function rowY(model: HeatmapModel, index: number): number {
  const derivedBefore = model.rows[index]!.kind !== 'run' ? DERIVED_GAP : 0;
  return HEADER_H + SUPPORT_H + index * CELL_H + derivedBefore;
}

function fillOf(value: number | null): string {
  return value === null ? 'var(--color-raised)' : rgbToHex(schemeColor('viridis', value));
}

interface Hovered {
  row: number;
  column: number;
}

function hoveredAt(target: EventTarget): Hovered | null {
  const name = target instanceof Element ? target.getAttribute('data-cell') : null;
  if (!name) return null;
  const [row, column] = name.split(' ').map(Number);
  return { row: row!, column: column! };
}

function describe(model: HeatmapModel, at: Hovered): string {
  const row = model.rows[at.row]!;
  const column = model.columns[at.column]!;
  const cell = row.cells[at.column]!;
  const support = column.support === null ? '' : ` (support ${formatCount(column.support)})`;
  const value = cell.value === null ? 'no evaluation' : `F1 ${formatScore(cell.value)}`;
  return `${row.label} · ${column.name}${support}: ${value}${cell.best ? ', the best run of this class' : ''}`;
}

export function ClassHeatmap({ series }: { series: readonly HeatmapSeries[] }) {
  const model = useMemo(() => classHeatmap(series), [series]);
  const [hovered, setHovered] = useState<Hovered | null>(null);
  const width = LABEL_W + model.columns.length * CELL_W + RIGHT_MARGIN;
  const lastRow = model.rows.length - 1;
  const height = (lastRow >= 0 ? rowY(model, lastRow) + CELL_H : HEADER_H + SUPPORT_H) + 4;

  // Depend on the data only: hovering re-renders the outline and the readout, not the cells.
  const cells = useMemo(
    () =>
      model.rows.flatMap((row, r) =>
        row.cells.map((cell, c) => (
          <rect
            key={`${row.key}-${c}`}
            x={LABEL_W + c * CELL_W}
            y={rowY(model, r)}
            width={CELL_W - 1}
            height={CELL_H - 1}
            fill={fillOf(cell.value)}
            data-cell={`${r} ${c}`}
          />
        )),
      ),
    [model],
  );
  const bestOutlines = useMemo(
    () =>
      model.rows.flatMap((row, r) =>
        row.cells.flatMap((cell, c) =>
          cell.best
            ? [
                <rect
                  key={`best-${row.key}-${c}`}
                  x={LABEL_W + c * CELL_W + 1}
                  y={rowY(model, r) + 1}
                  width={CELL_W - 3}
                  height={CELL_H - 3}
                  fill="none"
                  // Black on light cells, white on dark ones: visible in both themes.
                  stroke={textColorOn(schemeColor('viridis', cell.value ?? 0))}
                  strokeWidth={2}
                  pointerEvents="none"
                  data-best={`${row.key} ${model.columns[c]!.classId}`}
                />,
              ]
            : [],
        ),
      ),
    [model],
  );
  const styles = new Map(series.map((s) => [s.key, s]));

  return (
    <figure
      aria-labelledby="class-heatmap-heading"
      className="rounded-lg border border-border bg-surface p-3"
      data-testid="class-heatmap-figure"
    >
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
        <h3 id="class-heatmap-heading" className="font-semibold">
          F1 per class
        </h3>
        <span className="text-xs text-muted">
          columns sorted by validation support (n); ◆ = the five rarest classes of HPA 2018; the
          best run of each class is outlined
        </span>
      </div>
      {model.supportsDiffer ? (
        <p className="mt-1 text-xs text-danger">
          The runs’ validation supports differ (different data or split): the columns show the first
          run’s support, and the scores are not like for like.
        </p>
      ) : null}
      <p className="mt-1 min-h-5 text-xs" aria-live="polite" data-testid="class-heatmap-readout">
        {hovered ? describe(model, hovered) : 'Hover a cell for its F1.'}
      </p>
      <div
        className="overflow-x-auto"
        tabIndex={0}
        role="region"
        aria-label="F1 per class heatmap (scrolls sideways)"
      >
        {/* Scales down to the column's width (1024 px screens), never up. */}
        <svg
          width={width}
          height={height}
          style={{ width: '100%', maxWidth: width, height: 'auto' }}
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-label={`Heatmap of per-class F1: ${model.rows.length} rows by ${model.columns.length} classes; the table below lists every value.`}
          onMouseLeave={() => setHovered(null)}
          data-testid="class-heatmap"
        >
          <g fontSize={10} fill="var(--color-fg)">
            {model.columns.map((column, c) => {
              const x = LABEL_W + c * CELL_W + CELL_W / 2;
              const y = HEADER_H - 6;
              const rare = column.rareRank !== null;
              return (
                <g key={column.classId}>
                  <text
                    x={x}
                    y={y}
                    transform={`rotate(-60 ${x} ${y})`}
                    fontWeight={hovered?.column === c || rare ? 700 : 400}
                    dominantBaseline="middle"
                  >
                    {rare ? '◆ ' : ''}
                    {column.name}
                  </text>
                  <text
                    x={x}
                    y={HEADER_H + SUPPORT_H / 2}
                    textAnchor="middle"
                    dominantBaseline="middle"
                    fontSize={9}
                    fill="var(--color-muted)"
                  >
                    {column.support === null ? '' : formatCount(column.support)}
                  </text>
                </g>
              );
            })}
            <text
              x={LABEL_W - 6}
              y={HEADER_H + SUPPORT_H / 2}
              textAnchor="end"
              dominantBaseline="middle"
              fontSize={9}
              fill="var(--color-muted)"
            >
              support (n)
            </text>
            {model.rows.map((row, r) => {
              const style = styles.get(row.key);
              const y = rowY(model, r) + CELL_H / 2;
              return (
                <g key={row.key}>
                  {style?.color ? (
                    <line
                      x1={4}
                      x2={22}
                      y1={y}
                      y2={y}
                      stroke={style.color}
                      strokeWidth={3}
                      strokeDasharray={style.dash}
                    />
                  ) : null}
                  <text
                    x={28}
                    y={y}
                    dominantBaseline="middle"
                    fontStyle={row.kind === 'run' ? 'normal' : 'italic'}
                    fontWeight={hovered?.row === r ? 700 : 400}
                  >
                    {row.label.length > 28 ? `${row.label.slice(0, 27)}…` : row.label}
                  </text>
                </g>
              );
            })}
          </g>
          <g onMouseOver={(event) => setHovered(hoveredAt(event.target))}>{cells}</g>
          {bestOutlines}
          {hovered ? (
            <rect
              x={LABEL_W + hovered.column * CELL_W - 1}
              y={rowY(model, hovered.row) - 1}
              width={CELL_W + 1}
              height={CELL_H + 1}
              fill="none"
              stroke="var(--color-accent)"
              strokeWidth={2}
              pointerEvents="none"
            />
          ) : null}
        </svg>
      </div>
      <div className="mt-2 flex items-center gap-2 text-xs">
        <span className="num">0</span>
        <span
          aria-hidden="true"
          className="h-3 w-48 rounded-sm"
          style={{
            background: `linear-gradient(to right, ${Array.from({ length: 11 }, (_, i) => rgbToHex(schemeColor('viridis', i / 10))).join(', ')})`,
          }}
        />
        <span className="num">1</span>
        <span className="text-muted">F1 (viridis); grey = no evaluation</span>
      </div>
      <details className="mt-2 text-xs">
        <summary className="cursor-pointer">Table of the per-class F1 values</summary>
        <div
          className="mt-1 max-h-96 overflow-auto"
          tabIndex={0}
          role="region"
          aria-label="Per-class F1 table"
        >
          <table data-testid="class-heatmap-table">
            <caption className="sr-only">
              Per-class F1: a row per run (then the derived rows), a column per class sorted by
              support; * marks the best run of a class
            </caption>
            <thead>
              <tr>
                <th scope="col" className="text-left">
                  run \ class
                </th>
                {model.columns.map((column) => (
                  <th
                    key={column.classId}
                    scope="col"
                    className="num px-1 align-bottom font-normal"
                    data-class-id={column.classId}
                  >
                    <abbr title={column.name}>{column.classId}</abbr>
                    {column.rareRank !== null ? ' ◆' : ''}
                    <br />
                    <span className="text-muted">
                      n={column.support === null ? '—' : formatCount(column.support)}
                    </span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {model.rows.map((row) => (
                <tr key={row.key} data-row-key={row.key} data-kind={row.kind}>
                  <th scope="row" className="whitespace-nowrap pr-2 text-left font-normal">
                    {row.label}
                    {row.kind !== 'run' ? (
                      <span className="text-muted"> ({KIND_NOTE[row.kind]})</span>
                    ) : null}
                  </th>
                  {row.cells.map((cell, c) => (
                    <td
                      key={c}
                      className={`num px-1 ${cell.best ? 'font-bold' : ''}`}
                      data-class-id={model.columns[c]!.classId}
                    >
                      {formatScore(cell.value)}
                      {cell.best ? '*' : ''}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
