import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ProblemMessage } from '@/components/problem-message';
import { QueuePanel } from '@/components/queue-panel/queue-panel';
import { LaunchForm } from '@/features/launch/components/launch-form';
import { loadLaunchParams } from '@/features/launch/lib/launch-url';
import { loadCloneSource, loadLaunchPage } from '@/features/launch/server/load-launch-page';
import { CLONE_PARAM } from '@/lib/launch-href';
import { isRunId } from '@/lib/run-id';

export const metadata: Metadata = { title: 'Launch' };

/** Runs the queue panel lists here; the rest are a link away. */
const QUEUE_ROWS = 20;

export default async function LaunchPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const asked = loadLaunchParams(await searchParams)[CLONE_PARAM];
  const cloneId = asked !== null && isRunId(asked) ? asked : null;
  const [page, source] = await Promise.all([
    loadLaunchPage(),
    cloneId ? loadCloneSource(cloneId) : null,
  ]);
  const clone = source?.ok ? (source.data.run ?? null) : null;
  return (
    <section className="flex flex-col gap-5">
      <h1 className="text-xl font-semibold">Launch a run</h1>
      <Suspense fallback={<p className="text-muted">Reading the queue…</p>}>
        <QueuePanel limit={QUEUE_ROWS} />
      </Suspense>
      {asked !== null && cloneId === null ? (
        <p role="alert" className="rounded border border-danger bg-danger-bg px-3 py-2 text-danger">
          “{asked}” is not a run id, so there is nothing to clone: the form starts from the
          defaults.
        </p>
      ) : null}
      {source && !source.ok ? <ProblemMessage problem={source.problem} /> : null}
      {source?.ok && !clone ? (
        <p role="alert" className="rounded border border-danger bg-danger-bg px-3 py-2 text-danger">
          No run has the id “{cloneId}”, so there is nothing to clone: the form starts from the
          defaults.
        </p>
      ) : null}
      {page.ok ? (
        <LaunchForm
          key={clone?.id ?? 'new'}
          projects={page.data.projects}
          datasets={page.data.datasets}
          clone={clone}
        />
      ) : (
        <ProblemMessage problem={page.problem} />
      )}
    </section>
  );
}
