// The class leaderboard: a row per class with its validation support and its top runs (name,
// member, approach, F1), the five rare classes marked; each class links to the compare page
// of its top runs. Rendered on the server: the order toggle and the project choice are links
// (the URL holds the view), nothing here needs browser JavaScript.
import Link from 'next/link';
import { type FragmentType, graphql, useFragment } from '@/graphql/generated';
import { compareHref } from '@/lib/compare-href';
import {
  classBoardRows,
  type ClassBoardRow,
  type ClassOrder,
} from '@/features/classes/lib/class-board';

export const ClassBoardEntryFragmentDoc = graphql(`
  fragment ClassBoardEntry on ClassLeaderboardEntry {
    classId
    top {
      f1
      support
      run {
        id
        name
        approach
        owner {
          id
          name
        }
      }
    }
  }
`);

const ORDER_LABELS: Record<ClassOrder, string> = {
  rare: 'Rare classes first',
  support: 'By support',
};

function RunCell({ row, rank }: { row: ClassBoardRow; rank: number }) {
  const score = row.top[rank];
  if (!score) return <td className="px-2 py-1.5 text-muted">—</td>;
  return (
    <td className="px-2 py-1.5 align-top" data-testid={`class-${row.classId}-top-${rank}`}>
      <div className="flex items-baseline gap-2">
        <span className="num font-semibold" data-testid="top-f1">
          {score.f1.toFixed(3)}
        </span>
        <Link
          href={`/runs/${score.run.id}`}
          prefetch={false}
          className="min-w-0 truncate font-medium text-accent hover:underline"
          title={score.run.name}
        >
          {score.run.name}
        </Link>
      </div>
      <div
        className="truncate text-xs text-muted"
        title={`${score.run.owner.name} · ${score.run.approach}`}
      >
        {score.run.owner.name}
        {score.run.approach ? ` · ${score.run.approach}` : ''}
        {row.supportsDiffer ? ` · support ${score.support.toLocaleString('en-US')}` : ''}
      </div>
    </td>
  );
}

export function ClassBoard({
  entries: entryRefs,
  order,
  orderHref,
  topRuns,
}: {
  entries: readonly FragmentType<typeof ClassBoardEntryFragmentDoc>[];
  order: ClassOrder;
  /** The page's URL with another order (the project choice kept). */
  orderHref: (order: ClassOrder) => string;
  topRuns: number;
}) {
  const entries = useFragment(ClassBoardEntryFragmentDoc, entryRefs);
  const rows = classBoardRows(entries, order);
  const scored = rows.some((row) => row.top.length > 0);
  return (
    <section aria-labelledby="class-board-heading" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="class-board-heading" className="sr-only">
          Top runs per class
        </h2>
        <nav aria-label="Order of the classes" className="flex rounded border border-border">
          {(Object.keys(ORDER_LABELS) as ClassOrder[]).map((key) => (
            <Link
              key={key}
              href={orderHref(key)}
              aria-current={key === order ? 'true' : undefined}
              className={`px-3 py-1 no-underline first:rounded-l last:rounded-r ${key === order ? 'bg-accent text-accent-fg' : 'hover:bg-raised'}`}
            >
              {ORDER_LABELS[key]}
            </Link>
          ))}
        </nav>
        <p className="text-xs text-muted">
          Each run scored by its best validation evaluation. <span aria-hidden="true">◆</span> marks
          the five rarest classes of HPA 2018, the ones rare-class F1 averages.
        </p>
      </div>
      {scored ? null : (
        <p className="rounded-lg border border-border bg-surface px-4 py-3" role="status">
          No run of this project has a validation evaluation yet: nothing to rank.
        </p>
      )}
      <div className="overflow-x-auto rounded-lg border border-border">
        <table className="w-full table-fixed border-collapse text-left" data-testid="class-board">
          <caption className="sr-only">
            Top {topRuns} runs of each class by F1,{' '}
            {order === 'rare'
              ? 'rarest classes first'
              : 'classes with the most validation images first'}
          </caption>
          <colgroup>
            <col className="w-52" />
            <col className="w-20" />
            {Array.from({ length: topRuns }, (_, i) => (
              <col key={i} />
            ))}
            <col className="w-28" />
          </colgroup>
          <thead className="bg-surface">
            <tr>
              <th scope="col" className="px-2 py-2 font-medium text-muted">
                Class
              </th>
              <th scope="col" className="px-2 py-2 text-right font-medium text-muted">
                Support
              </th>
              {Array.from({ length: topRuns }, (_, i) => (
                <th key={i} scope="col" className="px-2 py-2 font-medium text-muted">
                  {i === 0 ? 'Best run (F1)' : `#${i + 1}`}
                </th>
              ))}
              <th scope="col" className="px-2 py-2 font-medium text-muted">
                <span className="sr-only">Compare</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr
                key={row.classId}
                className="border-t border-border hover:bg-surface"
                data-testid="class-row"
                data-class-id={row.classId}
              >
                <th scope="row" className="px-2 py-1.5 text-left align-top font-medium">
                  {row.name}
                  {row.rareRank !== null ? (
                    <span className="ml-1.5 whitespace-nowrap text-xs font-normal text-muted">
                      <span aria-hidden="true">◆ </span>rare #{row.rareRank + 1}
                    </span>
                  ) : null}
                </th>
                <td className="num px-2 py-1.5 align-top">
                  {row.support === null ? '—' : row.support.toLocaleString('en-US')}
                </td>
                {Array.from({ length: topRuns }, (_, rank) => (
                  <RunCell key={rank} row={row} rank={rank} />
                ))}
                <td className="px-2 py-1.5 align-top">
                  {row.compareIds ? (
                    <Link
                      href={compareHref(row.compareIds)}
                      prefetch={false}
                      className="whitespace-nowrap text-accent hover:underline"
                      aria-label={`Compare the top runs of ${row.name}`}
                    >
                      Compare →
                    </Link>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
