// Scalar curves. A batch of up to 1,000 points is written by ONE statement (unnest + ON
// CONFLICT DO UPDATE): one round trip, atomic, and a retried batch overwrites instead of
// duplicating.
import type { PrismaClient } from '../db.ts';
import type { Actor } from './deps.ts';
import { requireWriter } from '../auth/permissions.ts';
import { encodeMetricBatch, type MetricPointInput } from './metric-batch.ts';
import { findRunForWrite, parseId, requireWritableRun } from './runs.ts';

export { MAX_POINTS_PER_CALL, METRIC_KEY_PATTERN, type MetricPointInput } from './metric-batch.ts';

export async function logMetrics(
  db: PrismaClient,
  actor: Actor,
  runId: string,
  points: readonly MetricPointInput[],
): Promise<{ written: number }> {
  requireWriter(actor, 'write to runs');
  parseId(runId, 'runId');
  // Each column travels as ONE text parameter holding a Postgres array literal: Prisma
  // serialises a string cheaply, while 1,000-element JS array parameters cost it more than
  // Postgres spends on the insert (see metric-batch.ts for what was measured).
  const batch = encodeMetricBatch(points);
  // Points without a wall time get the request time, the UTC wall time Prisma stores.
  const now = new Date().toISOString();
  // The ownership and state rules are part of the statement (no separate lookup on the hot
  // path): the join with "Run" yields no rows when the run is missing, belongs to someone else
  // or has finished. FOR SHARE makes a concurrent finishRun wait for this batch (or this batch see the
  // finished run), so no point lands after the run ended.
  const isAdmin = actor.role === 'admin';
  const written = await db.$executeRaw`
    WITH target AS (
      SELECT "id" FROM "Run"
      WHERE "id" = ${runId}::uuid AND (${isAdmin} OR "memberId" = ${actor.memberId}::uuid)
        AND "status" IN ('queued', 'running')
      FOR SHARE
    )
    INSERT INTO "MetricPoint" ("runId", "key", "step", "value", "wallTime")
    SELECT target."id", (${batch.distinctKeys}::text[])[t.k], t.s, t.v, COALESCE(t.w, ${now}::timestamp(3))
    FROM target CROSS JOIN unnest(
      ${batch.keyIndexes}::int[], ${batch.steps}::int[], ${batch.values}::float8[],
      ${batch.wallTimes}::timestamp(3)[]
    ) AS t(k, s, v, w)
    ON CONFLICT ("runId", "key", "step")
    DO UPDATE SET "value" = EXCLUDED."value", "wallTime" = EXCLUDED."wallTime"`;
  if (written === 0) {
    // Nothing written: find out why, with the same errors as every other run write.
    const run = await findRunForWrite(db, actor, runId);
    requireWritableRun(run, 'metrics');
    throw new Error(`metric batch for run ${runId} wrote no rows`);
  }
  return { written };
}

/** Distinct curve names of a run, via the (runId, key, step) primary key. */
export async function metricKeys(db: PrismaClient, runId: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ key: string }[]>`
    SELECT DISTINCT "key" FROM "MetricPoint" WHERE "runId" = ${runId}::uuid ORDER BY "key"`;
  return rows.map((row) => row.key);
}
