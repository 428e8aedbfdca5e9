// The runs table's data: one page of runs, filtered and sorted by the API (never all runs).
import 'server-only';
import { execute, type ExecuteOptions } from '@/graphql/execute';
import { graphql } from '@/graphql/generated';
import type { RunFilter } from '@/graphql/generated/graphql';
import { apiSortOf, type RunsViewState } from '@/features/runs/lib/url-state';

export const RunsPageDocument = graphql(`
  query RunsPage($filter: RunFilter, $sort: RunSort, $first: Int!, $after: String) {
    runs(filter: $filter, sort: $sort, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...RunRow_Run
      }
    }
  }
`);

export const RunFilterOptionsDocument = graphql(`
  query RunFilterOptions {
    members {
      id
      name
    }
  }
`);

/** The API's filter for a view (only what is set). */
export function apiFilterOf(state: RunsViewState): RunFilter {
  const { filter } = state;
  return {
    ...(filter.status.length > 0 ? { status: filter.status } : {}),
    ...(filter.member ? { memberId: filter.member } : {}),
    ...(filter.tag ? { tag: filter.tag } : {}),
    ...(filter.model ? { model: filter.model } : {}),
    ...(filter.text ? { text: filter.text } : {}),
  };
}

export function listRuns(
  state: RunsViewState,
  page: { first: number; after: string | null },
  options?: ExecuteOptions,
) {
  return execute(
    RunsPageDocument,
    {
      filter: apiFilterOf(state),
      sort: apiSortOf(state),
      first: page.first,
      after: page.after,
    },
    options,
  );
}

export function runFilterOptions() {
  return execute(RunFilterOptionsDocument, {});
}
