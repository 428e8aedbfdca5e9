'use client';
// Where the second of two chosen runs confuses less and where more: the difference of their
// 28x28 co-occurrence matrices (each row as a share of its true class), on a diverging,
// colour-blind-safe scale centred on 0 (Paul Tol's BuRd): blue where the second run does
// better (fewer images mistaken for another class, or more found on the diagonal), red where it
// does worse. The two runs are chosen in the URL (`confA`, `confB`, nuqs). Hover a cell for
// both runs' numbers; the lists name the largest changes, and the table beneath holds every
// difference for keyboard and screen-reader users (built when opened: 784 cells the page need
// not render and hydrate before anyone asks for them).
import { useQueryStates } from 'nuqs';
import { useMemo, useState } from 'react';
import { LazyDetails } from '@/components/lazy-details';
import {
  cooccurrenceDiff,
  type CooccurrenceDiff as DiffModel,
  type DiffCell,
} from '@/features/compare/lib/cooccurrence-diff';
import { diffPair, perClassParams } from '@/features/compare/lib/per-class-url';
import { gainColor, rgbToHex } from '@/lib/color-scale';
import { formatCount, formatPercent } from '@/lib/format';

export interface DiffRun {
  id: string;
  label: string;
  /** Null when the run has no evaluation. */
  cooccurrence: number[][] | null;
  support: number[] | null;
}

const CELL = 17;
const LABEL_W = 190;
const HEADER_H = 150;
const RIGHT_MARGIN = 90;

/** "+3.0 pts" / "−1.5 pts": a change of share in percentage points. */
function points(delta: number | null): string {
  if (delta === null) return '—';
  const value = delta * 100;
  return `${value > 0 ? '+' : value < 0 ? '−' : '±'}${Math.abs(value).toFixed(1)} pts`;
}

function cellLabel(diff: DiffModel, cell: DiffCell, a: string, b: string): string {
  const from = diff.classNames[cell.row]!;
  const to = diff.classNames[cell.column]!;
  const what = cell.row === cell.column ? `${from} found` : `true ${from} → predicted ${to}`;
  if (cell.delta === null) return `${what}: the class has no validation images`;
  const verdict = cell.gain! > 0 ? `${b} better` : cell.gain! < 0 ? `${b} worse` : 'no difference';
  return `${what}: ${a} ${formatCount(cell.countA)} (${formatPercent(cell.shareA)}), ${b} ${formatCount(cell.countB)} (${formatPercent(cell.shareB)}); ${points(cell.delta)}, ${verdict}`;
}

function fillOf(cell: DiffCell, maxAbsGain: number): string {
  return cell.gain === null ? 'var(--color-raised)' : rgbToHex(gainColor(cell.gain / maxAbsGain));
}

function ChangeList({
  title,
  cells,
  diff,
  testId,
}: {
  title: string;
  cells: DiffCell[];
  diff: DiffModel;
  testId: string;
}) {
  return (
    <div className="min-w-64">
      <h4 className="text-xs font-semibold">{title}</h4>
      {cells.length === 0 ? (
        <p className="text-xs text-muted">none</p>
      ) : (
        <ol className="text-xs" data-testid={testId}>
          {cells.map((cell) => (
            <li key={`${cell.row}-${cell.column}`} className="flex gap-2">
              <span className="num w-16 shrink-0">{points(cell.delta)}</span>
              <span>
                {diff.classNames[cell.row]} → {diff.classNames[cell.column]}
              </span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

export function CooccurrenceDiff({ runs }: { runs: readonly DiffRun[] }) {
  const [view, setView] = useQueryStates(
    { confA: perClassParams.confA, confB: perClassParams.confB },
    { history: 'replace', scroll: false },
  );
  const scored = runs.filter((run) => run.cooccurrence && run.support);
  const pair = diffPair(
    scored.map((run) => run.id),
    view.confA,
    view.confB,
  );
  const a = scored.find((run) => run.id === pair?.[0]);
  const b = scored.find((run) => run.id === pair?.[1]);
  const diff = useMemo(
    () =>
      a && b
        ? cooccurrenceDiff(
            { cooccurrence: a.cooccurrence!, support: a.support! },
            { cooccurrence: b.cooccurrence!, support: b.support! },
          )
        : null,
    [a, b],
  );
  const [hovered, setHovered] = useState<DiffCell | null>(null);
  const cells = useMemo(
    () =>
      diff
        ? diff.cells.flatMap((row) =>
            row.map((cell) => (
              <rect
                key={`${cell.row}-${cell.column}`}
                x={LABEL_W + cell.column * CELL}
                y={HEADER_H + cell.row * CELL}
                width={CELL - 1}
                height={CELL - 1}
                fill={fillOf(cell, diff.maxAbsGain)}
                data-cell={`${cell.row} ${cell.column}`}
              />
            )),
          )
        : null,
    [diff],
  );

  const select = (which: 'confA' | 'confB', label: string, value: string | undefined) => (
    <label className="flex items-center gap-1.5">
      <span className="text-muted">{label}</span>
      <select
        value={value}
        onChange={(event) => void setView({ [which]: event.target.value })}
        className="max-w-56 rounded border border-border bg-canvas px-1 py-0.5"
      >
        {scored.map((run) => (
          <option key={run.id} value={run.id}>
            {run.label}
          </option>
        ))}
      </select>
    </label>
  );

  if (!diff || !a || !b) {
    return (
      <section className="rounded-lg border border-border bg-surface p-3" aria-label="Confusions">
        <h3 className="font-semibold">Confusions: second run minus first</h3>
        <p className="mt-1 text-xs text-muted">
          Two runs with a validation evaluation are needed; {scored.length} of these have one.
        </p>
      </section>
    );
  }
  const size = diff.classNames.length;
  const width = LABEL_W + size * CELL + RIGHT_MARGIN;
  const height = HEADER_H + size * CELL + 4;
  const cellAt = (target: EventTarget): DiffCell | null => {
    const name = target instanceof Element ? target.getAttribute('data-cell') : null;
    if (!name) return null;
    const [row, column] = name.split(' ').map(Number);
    return diff.cells[row!]?.[column!] ?? null;
  };
  const legendStops = Array.from({ length: 9 }, (_, i) => rgbToHex(gainColor(i / 4 - 1)));

  return (
    <figure
      aria-labelledby="cooccurrence-diff-heading"
      className="rounded-lg border border-border bg-surface p-3"
      data-testid="cooccurrence-diff"
    >
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <h3 id="cooccurrence-diff-heading" className="font-semibold">
          Confusions: second run minus first
        </h3>
        {select('confA', 'first', a.id)}
        {select('confB', 'second', b.id)}
        <button
          type="button"
          className="rounded border border-border px-2 py-0.5 text-xs hover:bg-raised"
          onClick={() => void setView({ confA: b.id, confB: a.id })}
        >
          swap
        </button>
      </div>
      <p
        className="mt-1 min-h-5 text-xs"
        aria-live="polite"
        data-testid="cooccurrence-diff-readout"
      >
        {hovered
          ? cellLabel(diff, hovered, a.label, b.label)
          : 'Rows: true class; columns: predicted class; each row as a share of its class’s images. Hover a cell for both runs’ numbers.'}
      </p>
      <div className="flex flex-wrap gap-4">
        <div
          className="overflow-x-auto"
          style={{ maxWidth: width }}
          tabIndex={0}
          role="region"
          aria-label="Co-occurrence difference (scrolls sideways)"
        >
          <svg
            width={width}
            height={height}
            viewBox={`0 0 ${width} ${height}`}
            role="img"
            aria-label={`Difference of the co-occurrence matrices of ${b.label} and ${a.label}: blue where ${b.label} does better, red where worse; the lists and the table give the numbers.`}
            onMouseLeave={() => setHovered(null)}
            data-testid="cooccurrence-diff-map"
          >
            <g fontSize={10} fill="var(--color-fg)">
              {diff.classNames.map((name, i) => (
                <text
                  key={`row-${i}`}
                  x={LABEL_W - 6}
                  y={HEADER_H + i * CELL + CELL / 2}
                  textAnchor="end"
                  dominantBaseline="middle"
                  fontWeight={hovered?.row === i ? 700 : 400}
                >
                  {name}
                </text>
              ))}
              {diff.classNames.map((name, j) => {
                const x = LABEL_W + j * CELL + CELL / 2;
                const y = HEADER_H - 6;
                return (
                  <text
                    key={`column-${j}`}
                    x={x}
                    y={y}
                    transform={`rotate(-60 ${x} ${y})`}
                    dominantBaseline="middle"
                    fontWeight={hovered?.column === j ? 700 : 400}
                  >
                    {name}
                  </text>
                );
              })}
            </g>
            <g onMouseOver={(event) => setHovered(cellAt(event.target))}>{cells}</g>
            {/* The diagonal (correct predictions) outlined: there more is better. */}
            <path
              d={diff.classNames
                .map(
                  (_, i) =>
                    `M${LABEL_W + i * CELL} ${HEADER_H + i * CELL}h${CELL - 1}v${CELL - 1}h${1 - CELL}z`,
                )
                .join('')}
              fill="none"
              stroke="var(--color-muted)"
              strokeWidth={0.75}
              pointerEvents="none"
            />
            {hovered ? (
              <path
                d={`M${LABEL_W + hovered.column * CELL} ${HEADER_H + hovered.row * CELL}h${CELL - 1}v${CELL - 1}h${1 - CELL}z`}
                fill="none"
                stroke="var(--color-fg)"
                strokeWidth={1.5}
                pointerEvents="none"
              />
            ) : null}
          </svg>
          <div className="mt-2 flex flex-wrap items-center gap-2 text-xs">
            <span className="num">{points(-diff.maxAbsGain)}</span>
            <span
              aria-hidden="true"
              className="h-3 w-48 rounded-sm"
              style={{ background: `linear-gradient(to right, ${legendStops.join(', ')})` }}
            />
            <span className="num">{points(diff.maxAbsGain)}</span>
            <span className="text-muted">
              red: {b.label} worse · blue: {b.label} better (off the outlined diagonal, fewer
              confusions; on it, more found)
            </span>
          </div>
        </div>
        <div className="flex min-w-64 flex-1 flex-col gap-3">
          <ChangeList
            title={`Where ${b.label} confuses less`}
            cells={diff.fewerConfusions}
            diff={diff}
            testId="fewer-confusions"
          />
          <ChangeList
            title={`Where ${b.label} confuses more`}
            cells={diff.moreConfusions}
            diff={diff}
            testId="more-confusions"
          />
        </div>
      </div>
      <LazyDetails className="mt-2 text-xs" summary="Table of the differences (percentage points)">
        {() => (
          <div
            className="mt-1 max-h-96 overflow-auto"
            tabIndex={0}
            role="region"
            aria-label="Co-occurrence difference table"
          >
            <table data-testid="cooccurrence-diff-table">
              <caption className="sr-only">
                {b.label} minus {a.label}: rows true class, columns predicted class (by id), in
                percentage points of the true class’s images
              </caption>
              <thead>
                <tr>
                  <th scope="col" className="text-left">
                    true \ predicted
                  </th>
                  {diff.classNames.map((name, j) => (
                    <th key={j} scope="col" className="num px-1">
                      <abbr title={name}>{j}</abbr>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {diff.cells.map((row, i) => (
                  <tr key={i}>
                    <th scope="row" className="whitespace-nowrap pr-2 text-left font-normal">
                      {i} {diff.classNames[i]}
                    </th>
                    {row.map((cell) => (
                      <td key={cell.column} className="num px-1">
                        {cell.delta === null ? '—' : (cell.delta * 100).toFixed(1)}
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
