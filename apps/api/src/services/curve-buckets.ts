// Server-side downsampling of curves. Postgres buckets the points (the same bucket edges for
// every run of a key, so series line up on one step axis) and returns min/max/mean per bucket
// as arrays, one row per (run, key): a few hundred numbers per series cross the wire instead of
// every raw point.
import type { PrismaClient } from '../db.ts';

export interface BucketedSeries {
  runId: string;
  key: string;
  buckets: number[];
  lastSteps: number[];
  means: number[];
  mins: number[];
  maxs: number[];
  rawCount: number;
}

export async function queryBucketedSeries(
  db: PrismaClient,
  runIds: readonly string[],
  keys: readonly string[],
  maxPoints: number,
): Promise<BucketedSeries[]> {
  // Bounds per key come from two index probes per (run, key) on the primary key instead of a
  // scan; the bucket width then keeps ceil(range / width) <= maxPoints.
  return db.$queryRaw<BucketedSeries[]>`
    WITH bounds AS (
      SELECT k.key, min(f.step) AS lo, max(l.step) AS hi
      FROM unnest(${runIds}::uuid[]) AS r(id)
      CROSS JOIN unnest(${keys}::text[]) AS k(key)
      CROSS JOIN LATERAL (
        SELECT step FROM "MetricPoint" WHERE "runId" = r.id AND "key" = k.key ORDER BY step ASC LIMIT 1
      ) f
      CROSS JOIN LATERAL (
        SELECT step FROM "MetricPoint" WHERE "runId" = r.id AND "key" = k.key ORDER BY step DESC LIMIT 1
      ) l
      GROUP BY k.key
    ), widths AS (
      SELECT key, lo, GREATEST(1, CEIL((hi - lo + 1)::float8 / ${maxPoints}::int))::int AS width
      FROM bounds
    ), bucketed AS (
      SELECT p."runId", p."key", (p.step - w.lo) / w.width AS bucket,
        max(p.step) AS last_step, avg(p.value) AS mean, min(p.value) AS min, max(p.value) AS max,
        count(*)::int AS n
      FROM "MetricPoint" p JOIN widths w ON w.key = p."key"
      WHERE p."runId" = ANY(${runIds}::uuid[]) AND p."key" = ANY(${keys}::text[])
      GROUP BY p."runId", p."key", bucket
    )
    SELECT "runId"::text AS "runId", "key",
      array_agg(bucket ORDER BY bucket) AS buckets,
      array_agg(last_step ORDER BY bucket) AS "lastSteps",
      array_agg(mean ORDER BY bucket) AS means,
      array_agg(min ORDER BY bucket) AS mins,
      array_agg(max ORDER BY bucket) AS maxs,
      sum(n)::int AS "rawCount"
    FROM bucketed GROUP BY "runId", "key"`;
}

export interface AlignedCurve {
  key: string;
  steps: number[];
  series: {
    runId: string;
    values: (number | null)[];
    min: (number | null)[];
    max: (number | null)[];
    rawPointCount: number;
  }[];
}

/**
 * Puts every run's buckets of one key on the shared axis: the union of buckets, each labelled
 * with the last step seen in it by any run; a run without a point in a bucket gets null there.
 */
export function alignSeries(
  key: string,
  runIds: readonly string[],
  rows: readonly BucketedSeries[],
): AlignedCurve {
  const ofKey = rows.filter((row) => row.key === key);
  const stepOfBucket = new Map<number, number>();
  for (const row of ofKey) {
    row.buckets.forEach((bucket, i) => {
      const step = Number(row.lastSteps[i]);
      stepOfBucket.set(bucket, Math.max(stepOfBucket.get(bucket) ?? step, step));
    });
  }
  const buckets = [...stepOfBucket.keys()].sort((a, b) => a - b);
  const position = new Map(buckets.map((bucket, i) => [bucket, i]));
  const series = runIds.flatMap((runId) => {
    const row = ofKey.find((candidate) => candidate.runId === runId);
    if (!row) return [];
    const values = new Array<number | null>(buckets.length).fill(null);
    const min = new Array<number | null>(buckets.length).fill(null);
    const max = new Array<number | null>(buckets.length).fill(null);
    row.buckets.forEach((bucket, i) => {
      const at = position.get(bucket)!;
      values[at] = Number(row.means[i]);
      min[at] = Number(row.mins[i]);
      max[at] = Number(row.maxs[i]);
    });
    return [{ runId, values, min, max, rawPointCount: row.rawCount }];
  });
  return { key, steps: buckets.map((bucket) => stepOfBucket.get(bucket)!), series };
}
