// Scalar curves. A batch of up to 1,000 points is written by ONE statement (json_to_recordset +
// ON CONFLICT DO UPDATE): one round trip, atomic, and a retried batch overwrites instead of
// duplicating.
import { z } from 'zod';
import type { PrismaClient } from '../db.ts';
import { ApiError, parseInput } from '../lib/errors.ts';
import type { Actor } from './deps.ts';
import { requireWriter } from '../auth/permissions.ts';
import { findRunForWrite, parseId } from './runs.ts';

export const MAX_POINTS_PER_CALL = 1000;
export const METRIC_KEY_PATTERN = /^[A-Za-z0-9_.\-/]{1,200}$/;
const MAX_STEP = 2_147_483_647;

const pointSchema = z.object({
  key: z.string().regex(METRIC_KEY_PATTERN, 'must be 1-200 letters, digits or _ - . / characters'),
  step: z.number().int('must be an integer').min(0, 'must be 0 or more').max(MAX_STEP),
  value: z.number().refine(Number.isFinite, 'must be a finite number (not NaN or infinite)'),
  wallTime: z.date().nullish(),
});

const pointsSchema = z
  .array(pointSchema)
  .min(1, 'at least one point is required')
  .max(MAX_POINTS_PER_CALL, `at most ${MAX_POINTS_PER_CALL} points per call`);

export type MetricPointInput = z.input<typeof pointSchema>;

export async function logMetrics(
  db: PrismaClient,
  actor: Actor,
  runId: string,
  points: readonly MetricPointInput[],
): Promise<{ written: number }> {
  requireWriter(actor, 'write to runs');
  parseId(runId, 'runId');
  const valid = parseInput(pointsSchema, points, 'points');
  const seen = new Map<string, number>();
  valid.forEach((point, index) => {
    const id = `${point.key}\u0000${point.step}`;
    const earlier = seen.get(id);
    if (earlier !== undefined) {
      // Postgres refuses to update one row twice in one statement; say which points collide.
      throw new ApiError(
        'BAD_USER_INPUT',
        `points[${index}] repeats key ${point.key} at step ${point.step} (first at points[${earlier}])`,
        { field: `points.${index}` },
      );
    }
    seen.set(id, index);
  });
  const now = new Date().toISOString();
  // The batch travels as ONE json parameter: Prisma serialises a string cheaply, while four
  // 1,000-element array parameters cost it more than Postgres spends on the insert. Wall times
  // are ISO strings cast to timestamp(3), the UTC wall time Prisma stores.
  const batch = JSON.stringify(
    valid.map((p) => ({ k: p.key, s: p.step, v: p.value, w: p.wallTime?.toISOString() ?? now })),
  );
  // The ownership rule is part of the statement (no separate lookup on the hot path): the join
  // with "Run" yields no rows when the run is missing or belongs to someone else.
  const isAdmin = actor.role === 'admin';
  const written = await db.$executeRaw`
    INSERT INTO "MetricPoint" ("runId", "key", "step", "value", "wallTime")
    SELECT r."id", t.k, t.s, t.v, t.w::timestamp(3)
    FROM "Run" r CROSS JOIN json_to_recordset(${batch}::json) AS t(k text, s int, v float8, w text)
    WHERE r."id" = ${runId}::uuid AND (${isAdmin} OR r."memberId" = ${actor.memberId}::uuid)
    ON CONFLICT ("runId", "key", "step")
    DO UPDATE SET "value" = EXCLUDED."value", "wallTime" = EXCLUDED."wallTime"`;
  if (written === 0) {
    // Nothing written: find out why, with the same errors as every other run write.
    await findRunForWrite(db, actor, runId);
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
