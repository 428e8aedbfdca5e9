// Crash detection. One conditional UPDATE marks stale running runs failed: Postgres row locks
// and the re-checked WHERE make it safe to run in every API instance at once (a run is failed
// by exactly one of them, and a heartbeat that lands first wins).
import type { Logger } from 'pino';
import type { PrismaClient } from '../db.ts';

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
}

export function startSweeper(options: {
  db: PrismaClient;
  logger: Logger;
  timeoutMs: number;
  intervalMs: number;
}): Sweeper {
  const tick = async () => {
    try {
      const failed = await sweepStaleRuns(options.db, options.timeoutMs);
      if (failed.length > 0) options.logger.warn({ runIds: failed }, 'marked stale runs failed');
    } catch (error) {
      options.logger.error({ err: error }, 'sweeping stale runs failed');
    }
  };
  const timer = setInterval(() => void tick(), options.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
