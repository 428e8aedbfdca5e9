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

/** Bucket queries run side by side on this many pooled connections (and server cores). */
const PARALLEL_QUERIES = 4;

interface KeyGrid {
  key: string;
  lo: number;
  width: number;
}

export async function queryBucketedSeries(
  db: PrismaClient,
  runIds: readonly string[],
  keys: readonly string[],
  maxPoints: number,
): Promise<BucketedSeries[]> {
  // The grid of each key spans every compared run, so all runs share bucket edges. Its bounds
  // come from two index probes per (run, key), not a scan; the width keeps the number of
  // buckets, ceil(range / width), at or under maxPoints.
  const grids = await db.$queryRaw<KeyGrid[]>`
    SELECT k.key, min(f.step) AS lo,
      GREATEST(1, CEIL((max(l.step) - min(f.step) + 1)::float8 / ${maxPoints}::int))::int AS width
    FROM unnest(${runIds}::uuid[]) AS r(id)
    CROSS JOIN unnest(${keys}::text[]) AS k(key)
    CROSS JOIN LATERAL (
      SELECT step FROM "MetricPoint" WHERE "runId" = r.id AND "key" = k.key ORDER BY step ASC LIMIT 1
    ) f
    CROSS JOIN LATERAL (
      SELECT step FROM "MetricPoint" WHERE "runId" = r.id AND "key" = k.key ORDER BY step DESC LIMIT 1
    ) l
    GROUP BY k.key`;
  if (grids.length === 0) return [];
  const chunkSize = Math.ceil(runIds.length / PARALLEL_QUERIES);
  const chunks: string[][] = [];
  for (let i = 0; i < runIds.length; i += chunkSize) chunks.push(runIds.slice(i, i + chunkSize));
  const results = await Promise.all(chunks.map((chunk) => bucketChunk(db, chunk, grids)));
  return results.flat();
}

/**
 * Each (run, key) is aggregated on its own (LATERAL) straight off the (runId, key, step) index:
 * many small in-memory aggregations instead of one big sort that spills to disk. The array_aggs
 * need no ORDER BY: they sit in one aggregate node, so their elements line up, and alignSeries
 * places values by bucket number. Arrays come back as JSON, which the client parses far faster
 * than Postgres array literals, at float32 precision (7 significant digits, plenty for a chart
 * and half the bytes of float64 text). JIT is off: compiling costs more than this query runs.
 */
async function bucketChunk(
  db: PrismaClient,
  runIds: readonly string[],
  grids: readonly KeyGrid[],
): Promise<BucketedSeries[]> {
  const [, rows] = await db.$transaction([
    db.$executeRaw`SET LOCAL jit = off`,
    db.$queryRaw<BucketedSeries[]>`
      SELECT r.id::text AS "runId", g.key, agg.*
      FROM unnest(${runIds}::uuid[]) AS r(id)
      CROSS JOIN unnest(
        ${grids.map((g) => g.key)}::text[], ${grids.map((g) => g.lo)}::int[],
        ${grids.map((g) => g.width)}::int[]
      ) AS g(key, lo, width)
      CROSS JOIN LATERAL (
        SELECT array_to_json(array_agg(b.bucket)) AS buckets,
          array_to_json(array_agg(b.last_step)) AS "lastSteps",
          array_to_json(array_agg(b.mean::float4)) AS means,
          array_to_json(array_agg(b.min::float4)) AS mins,
          array_to_json(array_agg(b.max::float4)) AS maxs, sum(b.n)::int AS "rawCount"
        FROM (
          SELECT (p.step - g.lo) / g.width AS bucket, max(p.step) AS last_step,
            avg(p.value)::float8 AS mean, min(p.value) AS min, max(p.value) AS max, count(*) AS n
          FROM "MetricPoint" p WHERE p."runId" = r.id AND p."key" = g.key
          GROUP BY 1
        ) b
      ) agg
      WHERE agg."rawCount" IS NOT NULL`,
  ]);
  return rows;
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
