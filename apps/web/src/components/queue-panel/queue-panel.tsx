// The launch queue at a glance, on /launch and above the runs table: how many runs wait and
// train, how many workers listen, and the runs themselves with a Cancel for those the member
// may cancel (Run.viewerCanCancel). With no worker listening, a warning says a launched run
// will wait, and gives the exact command that starts one (QueueStatus.workerCommand).
import Link from 'next/link';
import { CancelRunButton } from '@/components/cancel-run/cancel-run-button';
import { CopyButton } from '@/components/copy-button';
import { StatusBadge } from '@/components/status-badge';
import { type FragmentType, useFragment } from '@/graphql/generated';
import { formatCount, formatDateTime } from '@/lib/format';
import { loadQueuePanel } from './load-queue-panel';
import { QueuePanelFragment } from './queue-panel.fragment';

/**
 * Loads and draws the panel; `limit` runs at most are listed. `launchLink`: offer "Launch a run"
 * to members who may (not on /launch itself). When the API cannot be read the panel says so in
 * one quiet line: the page around it shows the API's problem where it matters.
 */
export async function QueuePanel({
  limit,
  launchLink = false,
}: {
  limit: number;
  launchLink?: boolean;
}) {
  const result = await loadQueuePanel(limit);
  if (!result.ok) {
    return (
      <p className="text-xs text-muted" data-testid="queue-panel">
        The launch queue could not be read ({result.problem.title}).
      </p>
    );
  }
  return <QueuePanelView data={result.data} launchLink={launchLink} />;
}

export function QueuePanelView({
  data,
  launchLink = false,
}: {
  data: FragmentType<typeof QueuePanelFragment>;
  launchLink?: boolean;
}) {
  const { queueStatus: queue, queuedRuns, projects } = useFragment(QueuePanelFragment, data);
  const mayLaunch = projects.some((project) => project.viewerCanLaunch);
  const runs = queuedRuns.nodes;
  const more = queuedRuns.totalCount - runs.length;
  return (
    <section
      aria-labelledby="queue-panel-title"
      data-testid="queue-panel"
      className="flex flex-col gap-2 rounded-lg border border-border bg-surface px-4 py-3"
    >
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
        <h2 id="queue-panel-title" className="font-semibold">
          Queue
        </h2>
        {/* The queue's own jobs; the list below is every queued or running run, trainers
            started outside the queue included. */}
        <p className="num text-muted" data-testid="queue-counts">
          jobs: {formatCount(queue.waiting)} waiting · {formatCount(queue.active)} training ·{' '}
          {formatCount(queue.workers)} {queue.workers === 1 ? 'worker' : 'workers'} listening
          {queue.stalled > 0 ? ` · ${formatCount(queue.stalled)} stalled` : ''}
        </p>
        {launchLink && mayLaunch ? (
          <Link
            href="/launch"
            className="ml-auto rounded border border-border px-3 py-1 no-underline hover:bg-raised"
          >
            Launch a run
          </Link>
        ) : null}
      </div>
      {queue.workers === 0 ? <NoWorkerWarning command={queue.workerCommand} /> : null}
      {runs.length === 0 ? (
        <p className="text-muted">No run is waiting or training.</p>
      ) : (
        <table className="w-full text-left">
          <caption className="text-left text-xs text-muted">
            {formatCount(queuedRuns.totalCount)} queued or running{' '}
            {queuedRuns.totalCount === 1 ? 'run' : 'runs'}, oldest first
          </caption>
          <thead className="text-xs text-muted">
            <tr>
              <th scope="col" className="py-1 pr-3 font-medium">
                Run
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                Status
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                Member
              </th>
              <th scope="col" className="py-1 pr-3 text-right font-medium">
                Since (UTC)
              </th>
              <th scope="col" className="py-1 font-medium">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id} className="border-t border-border align-top">
                <td className="py-1 pr-3">
                  <Link
                    href={`/runs/${run.id}`}
                    className="break-all text-accent underline-offset-2 hover:underline"
                  >
                    {run.name}
                  </Link>
                </td>
                <td className="py-1 pr-3 whitespace-nowrap">
                  <StatusBadge status={run.status} />
                </td>
                <td className="py-1 pr-3">{run.owner.name}</td>
                <td className="num py-1 pr-3 whitespace-nowrap">
                  {formatDateTime(run.startedAt ?? run.createdAt)}
                </td>
                <td className="py-1 text-right">
                  {run.viewerCanCancel ? (
                    <CancelRunButton runId={run.id} runName={run.name} />
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {more > 0 ? (
        <p className="text-xs text-muted">
          and {formatCount(more)} more:{' '}
          <Link href="/runs?status=QUEUED,RUNNING" className="underline">
            all waiting and training runs
          </Link>
        </p>
      ) : null}
    </section>
  );
}

function NoWorkerWarning({ command }: { command: string }) {
  return (
    <div
      role="status"
      data-testid="no-worker-warning"
      className="flex flex-col gap-1 rounded border border-danger bg-danger-bg px-3 py-2 text-danger"
    >
      <p>
        <span className="font-semibold">No worker is listening.</span> A run launched now waits in
        the queue and starts when a worker connects. Start one with:
      </p>
      <div className="flex flex-wrap items-center gap-2 text-fg">
        <code className="rounded border border-border bg-canvas px-2 py-1 font-mono text-xs break-all">
          {command}
        </code>
        <CopyButton text={command} label="Copy command" />
      </div>
    </div>
  );
}
