// launchRun / cancelRun / queueStatus over the LaunchQueue interface (BullMQ or in-process).
import { trainJobDataSchema } from '@hpa-lab/contracts';
import { z } from 'zod';
import { requireWriter } from '../auth/permissions.ts';
import type { Run } from '../db.ts';
import { ApiError, parseInput } from '../lib/errors.ts';
import { isUniqueViolation } from '../lib/prisma-errors.ts';
import type { QueueCounts } from '../queue/launch-queue.ts';
import { checkPinnedFingerprint } from './datasets.ts';
import { findRunByClientKey, idempotencyKeySchema, requireSameKeyedRun } from './client-keys.ts';
import type { Actor, ServiceDeps } from './deps.ts';
import { createRun, findRun, findRunForWrite, runMetadataSchema } from './runs.ts';
import { validateTrainConfig } from './train-config.ts';

/** What launchRun takes: a run's metadata and its config, nothing a trainer reports later. */
export type LaunchRunInput = z.input<typeof runMetadataSchema> & {
  config: unknown;
  idempotencyKey?: string | null;
};

type LaunchDeps = Pick<ServiceDeps, 'db' | 'queue' | 'logger' | 'home'>;

const launchKeySchema = z.object({ idempotencyKey: idempotencyKeySchema });

export async function launchRun(
  deps: LaunchDeps,
  actor: Actor,
  input: LaunchRunInput,
): Promise<Run> {
  requireWriter(actor, 'launch runs');
  const { idempotencyKey, ...runInput } = input;
  const key = parseInput(launchKeySchema, { idempotencyKey }, 'input').idempotencyKey ?? null;
  if (key) {
    const earlier = await findRunByClientKey(deps.db, actor, key);
    if (earlier) return resumeLaunch(deps, earlier, runInput, key);
  }
  // Everything that can refuse the config runs before the insert: a refused launch leaves no row.
  const config = validateTrainConfig(runInput.config, 'input.config');
  await checkPinnedFingerprint(deps.home, config);
  let run: Run;
  try {
    // A launched run is a created run plus a queue job: one code path validates and inserts both.
    run = await createRun(deps.db, actor, runInput, { launched: true, launchKey: key });
  } catch (error) {
    // The same key launched at the same moment by a concurrent retry: that insert won.
    if (!key || !isUniqueViolation(error)) throw error;
    const earlier = await findRunByClientKey(deps.db, actor, key);
    if (!earlier) throw error;
    return resumeLaunch(deps, earlier, runInput, key);
  }
  // The stored config is already parsed; the contract's schema makes that a checked fact.
  const job = trainJobDataSchema.parse({ runId: run.id, config: run.config });
  try {
    await deps.queue.enqueue(job);
  } catch (error) {
    // A refused launch leaves nothing: a run nobody will ever train must not linger as
    // "queued", and a client retrying after SERVICE_UNAVAILABLE must not launch twice. (An API
    // killed between the insert and the enqueue leaves a queued run without a job: a retry
    // with the same idempotency key enqueues it, and the reconciler does after its grace.)
    await deps.db.run.delete({ where: { id: run.id } });
    throw error;
  }
  deps.logger.info({ runId: run.id, memberId: actor.memberId }, 'run launched');
  return run;
}

/**
 * A retry of a launch that already created its run: the same input gets the same run back (its
 * job enqueued again while it is still queued, a no-op when the job exists: the job id is the
 * run id), another input under the same key is refused rather than silently ignored.
 */
async function resumeLaunch(
  deps: LaunchDeps,
  earlier: Run,
  input: Omit<LaunchRunInput, 'idempotencyKey'>,
  key: string,
): Promise<Run> {
  const metadata = parseInput(runMetadataSchema, input, 'input');
  const config = validateTrainConfig(input.config, 'input.config');
  requireSameKeyedRun(key, earlier, { ...metadata, config }, true);
  if (earlier.status === 'queued') {
    await deps.queue.enqueue(
      trainJobDataSchema.parse({ runId: earlier.id, config: earlier.config }),
    );
  }
  deps.logger.info({ runId: earlier.id, memberId: earlier.memberId }, 'launch retried: same run');
  return earlier;
}

export async function cancelRun(
  deps: Pick<ServiceDeps, 'db' | 'queue' | 'logger'>,
  actor: Actor,
  input: { id: string; reason?: string | null },
): Promise<Run> {
  const { reason } = parseInput(z.object({ reason: z.string().trim().max(2000).nullish() }), input);
  const run = await findRunForWrite(deps.db, actor, input.id, 'id');
  if (run.status !== 'queued' && run.status !== 'running') {
    throw new ApiError('INVALID_STATE', `Run ${run.id} already ${run.status}`, {
      status: run.status,
    });
  }
  // Mark first: a worker that picks the job up in between sees `cancelled` at startRun.
  const { count } = await deps.db.run.updateMany({
    where: { id: run.id, status: { in: ['queued', 'running'] } },
    data: {
      status: 'cancelled',
      finishedAt: new Date(),
      errorMessage: reason || 'cancelled by a member',
    },
  });
  if (count === 0) {
    const current = await findRun(deps.db, run.id);
    throw new ApiError('INVALID_STATE', `Run ${run.id} already ${current.status}`, {
      status: current.status,
    });
  }
  // The database is the authority: the run is cancelled now. If Redis is down the job stays
  // queued, and the worker that takes it later is refused at startRun and drops it.
  const outcome = await deps.queue.cancel(run.id).catch((error: unknown) => {
    deps.logger.warn({ err: error, runId: run.id }, 'could not remove the cancelled job');
    return 'queue-unavailable' as const;
  });
  deps.logger.info({ runId: run.id, outcome }, 'run cancelled');
  return findRun(deps.db, run.id);
}

export function queueStatus(deps: Pick<ServiceDeps, 'queue'>): Promise<QueueCounts> {
  return deps.queue.status();
}

/** The in-process queue's failure hook: a processor that throws leaves its run failed. */
export function markRunFailedOnJobError(db: ServiceDeps['db']) {
  return async (job: { runId: string }, error: unknown): Promise<void> => {
    await db.run.updateMany({
      where: { id: job.runId, status: { in: ['queued', 'running'] } },
      data: {
        status: 'failed',
        finishedAt: new Date(),
        errorMessage: `Trainer failed: ${error instanceof Error ? error.message : String(error)}`,
      },
    });
  };
}
