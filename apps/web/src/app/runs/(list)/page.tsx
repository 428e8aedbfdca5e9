import { modelDefaults } from '@hpa-lab/ml/config';
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ColumnPicker } from '@/features/runs/components/column-picker';
import {
  CompareButton,
  CompareSelectionProvider,
} from '@/features/runs/components/compare-selection';
import { RunsEmptyState } from '@/features/runs/components/runs-empty-state';
import { RunsFilters } from '@/features/runs/components/runs-filters';
import { RunsNotices } from '@/features/runs/components/runs-notices';
import { RunsLiveRefresh } from '@/features/runs/components/runs-live-refresh';
import { RunsPagination } from '@/features/runs/components/runs-pagination';
import { RunsTable } from '@/features/runs/components/runs-table';
import { toRunRow } from '@/features/runs/lib/run-row';
import {
  hasFilter,
  parseRunsView,
  type RunsViewState,
  serializeRunsView,
} from '@/features/runs/lib/url-state';
import { listRuns, runFilterOptions } from '@/features/runs/server/list-runs';
import { ProblemMessage } from '@/components/problem-message';
import { QueuePanel } from '@/components/queue-panel/queue-panel';
import type { RunsPageQuery } from '@/graphql/generated/graphql';

export const metadata: Metadata = { title: 'Runs' };

const MODEL_NAMES = Object.keys(modelDefaults);
/** Waiting and training runs the panel above the table lists (the rest: status filter). */
const QUEUE_ROWS = 5;

export default async function RunsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { state, notices } = parseRunsView(await searchParams);
  const [result, options] = await Promise.all([
    listRuns(state, { first: state.pageSize, after: state.after }),
    runFilterOptions(),
  ]);
  const members = options.ok ? options.data.members : [];
  const query = serializeRunsView({ ...state, after: null, page: 1 });
  return (
    <section>
      <div className="mb-3 flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">Runs</h1>
        {result.ok ? (
          <span className="num text-muted" data-testid="runs-total">
            {result.data.runs.totalCount.toLocaleString('en-US')} matching
          </span>
        ) : null}
        <div className="ml-auto flex items-center gap-2">
          <a
            href={`/runs/export${query ? `?${query}` : ''}`}
            download
            className="rounded border border-border px-3 py-1 no-underline hover:bg-raised"
          >
            Export CSV
          </a>
          <ColumnPicker state={state} />
        </div>
      </div>
      <RunsNotices notices={notices} />
      <RunsLiveRefresh />
      {/* What waits and trains, the workers, Cancel, and Launch for members who may. */}
      <div className="mb-3">
        <Suspense fallback={null}>
          <QueuePanel limit={QUEUE_ROWS} launchLink />
        </Suspense>
      </div>
      <RunsFilters state={state} members={members} models={MODEL_NAMES} />
      {result.ok ? (
        <RunsResult state={state} runs={result.data.runs} />
      ) : (
        <ProblemMessage problem={result.problem} />
      )}
    </section>
  );
}

function RunsResult({ state, runs }: { state: RunsViewState; runs: RunsPageQuery['runs'] }) {
  if (runs.nodes.length === 0) {
    return <RunsEmptyState filtered={hasFilter(state.filter) || state.after !== null} />;
  }
  // Durations of running runs are "so far", as of this render.
  const now = Date.now();
  const rows = runs.nodes.map((node) => toRunRow(node, now));
  return (
    <CompareSelectionProvider>
      <div className="mb-2 flex justify-end">
        <CompareButton />
      </div>
      <RunsTable rows={rows} state={state} />
      <RunsPagination
        state={state}
        totalCount={runs.totalCount}
        shown={runs.nodes.length}
        endCursor={runs.pageInfo.endCursor ?? null}
        hasNextPage={runs.pageInfo.hasNextPage}
      />
    </CompareSelectionProvider>
  );
}
