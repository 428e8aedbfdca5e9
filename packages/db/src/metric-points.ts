import type { PrismaClient } from './generated/prisma/client.ts';

export interface MetricPointInput {
  runId: string;
  key: string;
  step: number;
  value: number;
  wallTime: Date;
}

/**
 * Writes a batch of metric points in one statement, idempotently: a point whose
 * (runId, key, step) exists is overwritten, so a trainer retrying a batch after a timeout never
 * doubles a curve. Within a batch the last point for a (runId, key, step) wins.
 * Returns how many rows were inserted or updated.
 */
export async function upsertMetricPoints(
  prisma: Pick<PrismaClient, '$executeRaw'>,
  points: MetricPointInput[],
): Promise<number> {
  // One INSERT may not touch the same row twice (ON CONFLICT would fail), so dedupe first.
  const latest = new Map<string, MetricPointInput>();
  for (const point of points)
    latest.set(JSON.stringify([point.runId, point.key, point.step]), point);
  const rows = [...latest.values()];
  if (rows.length === 0) return 0;
  // unnest over five arrays: one statement and five parameters whatever the batch size
  // (row-by-row VALUES would hit Postgres's 65,535-parameter limit at ~13,000 points).
  return prisma.$executeRaw`
    INSERT INTO "MetricPoint" ("runId", "key", "step", "value", "wallTime")
    SELECT * FROM unnest(
      ${rows.map((p) => p.runId)}::uuid[],
      ${rows.map((p) => p.key)}::text[],
      ${rows.map((p) => p.step)}::int[],
      ${rows.map((p) => p.value)}::float8[],
      ${rows.map((p) => p.wallTime.toISOString())}::timestamp(3)[]
    )
    ON CONFLICT ("runId", "key", "step")
    DO UPDATE SET "value" = EXCLUDED."value", "wallTime" = EXCLUDED."wallTime"`;
}
