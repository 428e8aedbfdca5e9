// Per-class scores of one evaluation: F1 bars for the 28 classes (most frequent first, rare
// classes marked) and the full table. Server-rendered HTML bars: 28 rows need no chart library,
// and the numbers sit in the page as text.
import type { ReactNode } from 'react';
import { formatCount, formatScore } from '@/lib/format';
import { OKABE_ITO } from '@/lib/palette';
import { type PerClassRow, perClassRows } from '@/features/run/lib/per-class-rows';
import { type FragmentType, graphql, useFragment } from '@/graphql/generated';

const BAR_COLOR = OKABE_ITO.blue;
/** Okabe-Ito vermillion for rare classes' bars (graphics need 3:1 contrast, which it has)... */
const RARE_BAR_COLOR = OKABE_ITO.vermillion;
/** ...and the theme's danger colour for the marker as text, which needs 4.5:1. */
const RARE_TEXT_COLOR = 'var(--color-danger)';

// What the bars and the table read of an evaluation.
export const PerClassSectionFragment = graphql(`
  fragment PerClassSection_Evaluation on Evaluation {
    f1
    precision
    recall
    support
    threshold
    tp
    fp
    fn
    tn
  }
`);

/** The rows of the bars and the table, one per class, most frequent first. */
export function perClassRowsOf(evaluation: FragmentType<typeof PerClassSectionFragment>) {
  return perClassRows(useFragment(PerClassSectionFragment, evaluation));
}

export function PerClassBars({ rows }: { rows: readonly PerClassRow[] }) {
  return (
    <figure
      aria-labelledby="f1-bars-heading"
      className="rounded-lg border border-border bg-surface p-3"
    >
      <figcaption id="f1-bars-heading" className="mb-2 flex flex-wrap items-baseline gap-x-3">
        <span className="font-semibold">F1 per class</span>
        <span className="text-xs text-muted">
          sorted by support (validation images with the class);{' '}
          <span className="font-semibold" style={{ color: RARE_TEXT_COLOR }}>
            ◆ rare
          </span>{' '}
          = the five rarest classes of HPA 2018 (training images)
        </span>
      </figcaption>
      <ol className="grid gap-px" data-testid="f1-bars">
        {rows.map((row) => (
          <li
            key={row.classId}
            className="grid grid-cols-[minmax(0,14rem)_4.5rem_1fr_3.5rem] items-center gap-2 text-xs"
            data-class-id={row.classId}
            aria-label={`${row.name}${row.rare ? ' (rare)' : ''}: F1 ${formatScore(row.f1)}, support ${formatCount(row.support)}`}
          >
            <span className="truncate" title={row.name}>
              {row.rare ? (
                <span aria-hidden="true" className="mr-1" style={{ color: RARE_TEXT_COLOR }}>
                  ◆
                </span>
              ) : null}
              {row.name}
            </span>
            <span className="num text-muted" aria-hidden="true">
              n={formatCount(row.support)}
            </span>
            <span aria-hidden="true" className="h-3 rounded-sm bg-raised">
              <span
                className="block h-3 rounded-sm"
                style={{
                  width: `${Math.max(0, Math.min(1, row.f1)) * 100}%`,
                  background: row.rare ? RARE_BAR_COLOR : BAR_COLOR,
                }}
              />
            </span>
            <span className="num" aria-hidden="true">
              {formatScore(row.f1)}
            </span>
          </li>
        ))}
      </ol>
    </figure>
  );
}

export function PerClassTable({ rows }: { rows: readonly PerClassRow[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-border">
      <table className="w-full text-xs" data-testid="per-class-table">
        <caption className="sr-only">Per-class metrics of the chosen evaluation</caption>
        <thead className="bg-surface">
          <tr>
            <Th left>class</Th>
            <Th>support</Th>
            <Th>F1</Th>
            <Th>precision</Th>
            <Th>recall</Th>
            <Th>threshold</Th>
            <Th>TP</Th>
            <Th>FP</Th>
            <Th>FN</Th>
            <Th>TN</Th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.classId} className="border-t border-border" data-class-id={row.classId}>
              <th scope="row" className="px-2 py-1 text-left font-normal">
                <span className="text-muted">{row.classId}</span> {row.name}
                {row.rare ? (
                  <span
                    className="ml-1 text-[10px] font-semibold uppercase"
                    style={{ color: RARE_TEXT_COLOR }}
                  >
                    rare
                  </span>
                ) : null}
              </th>
              <Td>{formatCount(row.support)}</Td>
              <Td>{formatScore(row.f1)}</Td>
              <Td>{formatScore(row.precision)}</Td>
              <Td>{formatScore(row.recall)}</Td>
              <Td>{formatScore(row.threshold)}</Td>
              <Td>{formatCount(row.tp)}</Td>
              <Td>{formatCount(row.fp)}</Td>
              <Td>{formatCount(row.fn)}</Td>
              <Td>{formatCount(row.tn)}</Td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Th({ children, left }: { children: ReactNode; left?: boolean }) {
  return (
    <th scope="col" className={`px-2 py-1 font-medium ${left ? 'text-left' : 'num'}`}>
      {children}
    </th>
  );
}

function Td({ children }: { children: ReactNode }) {
  return <td className="num px-2 py-1">{children}</td>;
}
