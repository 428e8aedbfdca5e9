// The runs table, rendered on the server: sortable headers are links (the sort lives in the
// URL), numbers right-aligned in tabular figures, every text cell plain text (React escapes
// it, so HTML in a run name shows as written). Only the selection checkboxes are client code.
import Link from 'next/link';
import type { ReactNode } from 'react';
import {
  COLUMNS,
  type ColumnKey,
  SORTABLE_COLUMNS,
  type SortableColumnKey,
} from '@/features/runs/lib/columns';
import { formatDateTime, formatDuration, formatScore, MISSING } from '@/lib/format';
import type { RunRow } from '@/features/runs/lib/run-row';
import { runsHref, type RunsViewState, withSortToggled } from '@/features/runs/lib/url-state';
import { SelectRunCheckbox } from './compare-selection';
import { StatusBadge } from '@/components/status-badge';

function isSortable(key: ColumnKey): key is SortableColumnKey {
  return (SORTABLE_COLUMNS as readonly string[]).includes(key);
}

function SortHeader({ column, state }: { column: SortableColumnKey; state: RunsViewState }) {
  const active = state.sort === column;
  const arrow = active ? (state.order === 'asc' ? '▲' : '▼') : '';
  const next = withSortToggled(state, column);
  return (
    <Link
      href={runsHref(next)}
      className="inline-flex items-center gap-1 no-underline hover:underline"
      title={`${COLUMNS[column].description}. Sort ${next.order === 'asc' ? 'ascending' : 'descending'}.`}
    >
      {COLUMNS[column].label}
      <span aria-hidden="true" className="w-3 text-xs">
        {arrow}
      </span>
    </Link>
  );
}

function cell(key: ColumnKey, row: RunRow): ReactNode {
  switch (key) {
    case 'status':
      return <StatusBadge status={row.status} />;
    case 'name':
      return (
        // No prefetch: 50 rows would fetch 50 run pages (and the charts' JavaScript) unasked.
        <Link
          href={`/runs/${row.id}`}
          prefetch={false}
          className="font-medium text-accent hover:underline"
        >
          {row.name}
        </Link>
      );
    case 'approach':
      return row.approach || MISSING;
    case 'member':
      return row.member;
    case 'tags':
      return row.tags.length === 0 ? (
        MISSING
      ) : (
        <span className="flex flex-wrap gap-1">
          {row.tags.map((tag) => (
            <span key={tag} className="rounded bg-raised px-1.5 py-0.5 text-xs">
              {tag}
            </span>
          ))}
        </span>
      );
    case 'model':
      return row.model ?? MISSING;
    case 'inputSize':
      return row.inputSize ?? MISSING;
    case 'loss':
      return row.loss ?? MISSING;
    case 'f1':
      return formatScore(row.f1);
    case 'rareF1':
      return formatScore(row.rareF1);
    case 'duration':
      return formatDuration(row.durationMs);
    case 'backend':
      return row.backend ?? MISSING;
    case 'created':
      return formatDateTime(row.createdAt);
  }
}

/** Widths that keep all 13 columns on a 1440 px screen: long text truncates (full on hover). */
const CELL_CLASS: Partial<Record<ColumnKey, string>> = {
  name: 'max-w-56 break-words',
  approach: 'max-w-40 truncate',
  member: 'max-w-28 truncate',
  tags: 'max-w-40',
  model: 'whitespace-nowrap',
  loss: 'max-w-32 truncate',
  inputSize: 'num whitespace-nowrap',
  f1: 'num whitespace-nowrap',
  rareF1: 'num whitespace-nowrap',
  duration: 'num whitespace-nowrap',
  backend: 'whitespace-nowrap',
  created: 'num whitespace-nowrap',
};

/** Full text on hover for the cells that truncate. */
function cellTitle(key: ColumnKey, row: RunRow): string | undefined {
  if (key === 'approach') return row.approach;
  if (key === 'member') return row.member;
  if (key === 'loss') return row.loss ?? undefined;
  return undefined;
}

export function RunsTable({ rows, state }: { rows: readonly RunRow[]; state: RunsViewState }) {
  const ariaSort = (key: ColumnKey) =>
    state.sort === key ? (state.order === 'asc' ? 'ascending' : 'descending') : undefined;
  return (
    <div className="overflow-x-auto rounded-lg border border-border">
      <table className="w-full border-collapse text-left" data-testid="runs-table">
        <caption className="sr-only">
          Runs, sorted by {COLUMNS[state.sort].label} (
          {state.order === 'asc' ? 'ascending' : 'descending'})
        </caption>
        <thead className="bg-surface">
          <tr>
            <th scope="col" className="w-8 px-1.5 py-2">
              <span className="sr-only">Select</span>
            </th>
            {state.columns.map((key) => (
              <th
                key={key}
                scope="col"
                aria-sort={ariaSort(key)}
                className={`whitespace-nowrap px-1.5 py-2 font-medium text-muted ${COLUMNS[key].numeric ? 'text-right' : ''}`}
              >
                {isSortable(key) ? <SortHeader column={key} state={state} /> : COLUMNS[key].label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className="border-t border-border hover:bg-surface">
              <td className="px-1.5 py-1.5">
                <SelectRunCheckbox id={row.id} name={row.name} />
              </td>
              {state.columns.map((key) => (
                <td
                  key={key}
                  data-column={key}
                  className={`px-1.5 py-1.5 ${CELL_CLASS[key] ?? ''}`}
                  title={cellTitle(key, row)}
                >
                  {cell(key, row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
