// The CSV export of the filtered runs, streamed: pages of 200 are fetched from the API one
// after another and written as they come, so 10,000 runs never sit in memory at once.
import 'server-only';
import type { ApiProblem } from '@/graphql/api-problem';
import { ApiProblemError } from '@/graphql/api-problem';
import { csvHeader, runCsvRow, toRunRow } from '@/features/runs/lib/run-row';
import type { RunsViewState } from '@/features/runs/lib/url-state';
import { listRuns } from './list-runs';

const EXPORT_PAGE_SIZE = 200;

export type ExportStart =
  { ok: true; stream: ReadableStream<Uint8Array> } | { ok: false; problem: ApiProblem };

/**
 * Fetches the first page before answering, so a refused key or a stopped API becomes an HTTP
 * error with a message; a failure after that aborts the download (the browser shows it failed)
 * rather than leaving a silently truncated file.
 */
export async function startRunsExport(state: RunsViewState): Promise<ExportStart> {
  const options = { onUnauthenticated: 'return' } as const;
  const firstPage = await listRuns(state, { first: EXPORT_PAGE_SIZE, after: null }, options);
  if (!firstPage.ok) return firstPage;
  const encoder = new TextEncoder();
  const now = Date.now();
  let page: typeof firstPage.data.runs | null = firstPage.data.runs;
  let headerSent = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvHeader()));
      }
      if (!page) {
        controller.close();
        return;
      }
      const lines = page.nodes.map((node) => runCsvRow(toRunRow(node, now))).join('');
      controller.enqueue(encoder.encode(lines));
      const { hasNextPage, endCursor } = page.pageInfo;
      if (!hasNextPage || !endCursor) {
        page = null;
        return;
      }
      const next = await listRuns(state, { first: EXPORT_PAGE_SIZE, after: endCursor }, options);
      if (!next.ok) {
        controller.error(new ApiProblemError(next.problem));
        return;
      }
      page = next.data.runs;
    },
  });
  return { ok: true, stream };
}
