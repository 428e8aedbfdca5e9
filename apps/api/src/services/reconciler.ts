// Launched runs against their queue jobs. A launched run that is still queued after a grace
// period must have a job that a worker will take or is preparing; otherwise nothing will ever
// start it, and it would stay "queued" forever:
// - its job is missing (Redis restarted without persistence, the embedded API died or stopped
//   with jobs waiting, or the API died between the insert and the enqueue): the run never
//   started, so enqueueing it again is safe, and it is re-enqueued;
// - its job failed, completed, or is held by a worker that died (lock expired, or no worker is
//   connected at all) before calling startRun: the run is failed with the reason.
// Running runs are the sweeper's (heartbeats). Every change is a conditional update on
// status = 'queued', so it is safe in every API instance at once and never overrides a startRun
// or a cancel that lands first.
import type { Logger } from 'pino';
import type { PrismaClient } from '../db.ts';
import { trainJobDataSchema } from '@hpa-lab/contracts';
import type { JobState, LaunchQueue } from '../queue/launch-queue.ts';

/** Most runs looked at per pass; the rest wait for the next pass. */
const BATCH = 200;

export interface ReconcileResult {
  reenqueued: string[];
  failed: { id: string; reason: string }[];
}

function failureReason(job: JobState): string | undefined {
  switch (job.state) {
    case 'missing':
      // Only reached when the stored config no longer passes the job schema.
      return 'Its queue job was lost, and its config is no longer valid to launch it again';
    case 'failed':
      return `Its queue job failed before the run started: ${job.reason}`;
    case 'completed':
      return 'Its queue job ended without starting the run';
    case 'stalled':
      return (
        'The trainer worker that took its job stopped before the run started (no worker holds ' +
        "the job's lock): it probably crashed while preparing the data"
      );
    default:
      return undefined;
  }
}

export async function reconcileLaunchedRuns(
  deps: { db: PrismaClient; queue: LaunchQueue; logger: Logger },
  graceMs: number,
  now = new Date(),
): Promise<ReconcileResult> {
  const runs = await deps.db.run.findMany({
    where: { status: 'queued', launchedAt: { lt: new Date(now.getTime() - graceMs) } },
    select: { id: true, config: true },
    orderBy: { launchedAt: 'asc' },
    take: BATCH,
  });
  const result: ReconcileResult = { reenqueued: [], failed: [] };
  for (const run of runs) {
    // Throws SERVICE_UNAVAILABLE when Redis is down: nothing can be told then, try next pass.
    const job = await deps.queue.jobState(run.id);
    if (job.state === 'missing') {
      const parsed = trainJobDataSchema.safeParse({ runId: run.id, config: run.config });
      if (parsed.success) {
        await deps.queue.enqueue(parsed.data);
        result.reenqueued.push(run.id);
        continue;
      }
    }
    const reason = failureReason(job);
    if (!reason) continue;
    const { count } = await deps.db.run.updateMany({
      where: { id: run.id, status: 'queued' },
      data: { status: 'failed', finishedAt: now, errorMessage: reason },
    });
    if (count > 0) result.failed.push({ id: run.id, reason });
  }
  return result;
}

/**
 * Embedded mode at start: PGlite admits one process, so a run still `running` was trained by
 * this API's previous process, which is gone (killed, or it crashed). Failing it now tells the
 * member at once instead of after the heartbeat timeout.
 */
export async function failRunsOfPreviousProcess(db: PrismaClient, now = new Date()) {
  const rows = await db.run.findMany({ where: { status: 'running' }, select: { id: true } });
  const { count } = await db.run.updateMany({
    where: { id: { in: rows.map((row) => row.id) }, status: 'running' },
    data: {
      status: 'failed',
      finishedAt: now,
      errorMessage:
        'The embedded API stopped while this run trained in its process (killed or crashed); ' +
        'marked failed when it started again',
    },
  });
  return { count, ids: rows.map((row) => row.id) };
}
