// Crash detection. One conditional UPDATE marks stale running runs failed: Postgres row locks
// and the re-checked WHERE make it safe to run in every API instance at once (a run is failed
// by exactly one of them, and a heartbeat that lands first wins).
import type { Logger } from 'pino';
import type { PrismaClient } from '../db.ts';
import type { LaunchQueue } from '../queue/launch-queue.ts';
import { revokeFinishedJobKeys } from './job-keys.ts';
import { reconcileLaunchedRuns } from './reconciler.ts';

/** Default grace before a launched, still queued run is checked against its job. */
export const DEFAULT_RECONCILE_GRACE_MS = 60_000;

export async function sweepStaleRuns(
  db: PrismaClient,
  timeoutMs: number,
  now = new Date(),
): Promise<string[]> {
  const cutoff = new Date(now.getTime() - timeoutMs);
  const seconds = Math.round(timeoutMs / 1000);
  // ISO strings cast to timestamp(3): Prisma stores DateTime as UTC wall time without a zone,
  // so this stays right whatever the session time zone is.
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE "Run"
    SET "status" = 'failed', "finishedAt" = ${now.toISOString()}::timestamp(3),
      "errorMessage" = 'No heartbeat since ' || to_char("heartbeatAt", 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
        || ' (timeout ' || ${seconds}::int || ' s): the trainer probably crashed'
    WHERE "status" = 'running' AND "heartbeatAt" < ${cutoff.toISOString()}::timestamp(3)
    RETURNING "id"::text AS id`;
  return rows.map((row) => row.id);
}

export interface Sweeper {
  stop(): void;
  /** One pass now (tests, and the first pass at start). */
  sweep(): Promise<void>;
}

export interface SweeperOptions {
  db: PrismaClient;
  logger: Logger;
  /** A running run silent for longer is failed. */
  timeoutMs: number;
  intervalMs: number;
  /** With a queue, launched runs are also reconciled with their jobs (./reconciler.ts). */
  queue?: LaunchQueue;
  /** How long a launched run may stay queued before its job is looked at. */
  reconcileGraceMs?: number;
  /**
   * Running runs are judged only once this instance has been up this long (default: the
   * heartbeat timeout). Heartbeats could not arrive while the API itself was down, so after a
   * restart that silence is ours, not the trainers'; they get a full timeout to reach us again.
   */
  startupGraceMs?: number;
}

/**
 * Every `intervalMs`: fails stale running runs, reconciles launched queued runs with the queue,
 * and revokes the job keys of finished runs. Each part logs its own failure and the others
 * still run (Redis down must not stop crash detection).
 */
export function startSweeper(options: SweeperOptions): Sweeper {
  const { db, logger } = options;
  let running: Promise<void> | undefined;
  const startedAt = Date.now();
  const pass = async () => {
    try {
      if (Date.now() - startedAt >= (options.startupGraceMs ?? options.timeoutMs)) {
        const failed = await sweepStaleRuns(db, options.timeoutMs);
        if (failed.length > 0) logger.warn({ runIds: failed }, 'marked stale runs failed');
      }
    } catch (error) {
      logger.error({ err: error }, 'sweeping stale runs failed');
    }
    if (options.queue) {
      try {
        const { reenqueued, failed } = await reconcileLaunchedRuns(
          { db, queue: options.queue, logger },
          options.reconcileGraceMs ?? DEFAULT_RECONCILE_GRACE_MS,
        );
        if (reenqueued.length > 0) {
          logger.warn(
            { runIds: reenqueued },
            're-enqueued launched runs whose queue job was lost (never started, so safe)',
          );
        }
        for (const run of failed) {
          logger.warn({ runId: run.id, reason: run.reason }, 'marked a launched run failed');
        }
      } catch (error) {
        logger.error({ err: error }, 'reconciling launched runs with the queue failed');
      }
    }
    try {
      const revoked = await revokeFinishedJobKeys(db);
      if (revoked > 0) logger.info({ revoked }, 'revoked the job keys of finished runs');
    } catch (error) {
      logger.error({ err: error }, 'revoking job keys failed');
    }
  };
  // Passes never overlap: a slow one (Redis timing out) delays the next instead of piling up.
  const sweep = () => {
    running ??= pass().finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = setInterval(() => void sweep(), options.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer), sweep };
}
