import Link from 'next/link';
import {
  runsHref,
  type RunsViewState,
  withFirstPage,
  withNextPage,
} from '@/features/runs/lib/url-state';

/**
 * Forward paging over the API's cursors: First and Next are links (so each page is a URL and
 * the browser's Back goes to the previous one), with the page number and the total.
 */
export function RunsPagination({
  state,
  totalCount,
  shown,
  endCursor,
  hasNextPage,
}: {
  state: RunsViewState;
  totalCount: number;
  shown: number;
  endCursor: string | null;
  hasNextPage: boolean;
}) {
  const from = (state.page - 1) * state.pageSize + (shown > 0 ? 1 : 0);
  const to = (state.page - 1) * state.pageSize + shown;
  const pages = Math.max(1, Math.ceil(totalCount / state.pageSize));
  return (
    <nav aria-label="Pages" className="mt-3 flex items-center gap-3">
      <span className="num text-muted" data-testid="page-range">
        {from.toLocaleString('en-US')}–{to.toLocaleString('en-US')} of{' '}
        {totalCount.toLocaleString('en-US')} · page {state.page} of {pages}
      </span>
      {state.page > 1 ? (
        <Link
          href={runsHref(withFirstPage(state))}
          className="rounded border border-border px-2 py-1 no-underline hover:bg-raised"
        >
          First page
        </Link>
      ) : null}
      {hasNextPage && endCursor ? (
        <Link
          href={runsHref(withNextPage(state, endCursor))}
          rel="next"
          className="rounded border border-border px-2 py-1 no-underline hover:bg-raised"
        >
          Next page
        </Link>
      ) : null}
    </nav>
  );
}
