// Per-run numbers of the compare page's summary table that no column holds: the best epoch and
// the training throughput. Each is one indexed query per run (priced in field-work.ts).
import { METRIC_KEYS, VALIDATION_SPLIT } from '@hpa-lab/ml/config';
import type { PrismaClient } from '../db.ts';

/**
 * The 1-based epoch of the run's best validation evaluation (highest macro F1, latest step on a
 * tie, as bestEvaluation picks it). The trainer evaluates once per epoch, at the step that ends
 * it, so that epoch is the count of the run's validation evaluations up to its step: the same
 * numbering as the dashboard's epoch axis. Null when the run has no validation evaluation.
 */
export async function bestEpoch(db: PrismaClient, runId: string): Promise<number | null> {
  const rows = await db.$queryRaw<{ epoch: number | null }[]>`
    WITH best AS (
      SELECT "step" FROM "Evaluation"
      WHERE "runId" = ${runId}::uuid AND "split" = ${VALIDATION_SPLIT}
      ORDER BY "macroF1" DESC, "step" DESC
      LIMIT 1
    )
    SELECT count(*)::int AS "epoch" FROM "Evaluation", best
    WHERE "runId" = ${runId}::uuid AND "split" = ${VALIDATION_SPLIT} AND "Evaluation"."step" <= best."step"`;
  const epoch = rows[0]?.epoch ?? 0;
  return epoch > 0 ? epoch : null;
}

/**
 * Training throughput: the median over epochs of the `train/images_per_second` the trainer logs
 * (the median, because the first epoch pays for compilation and warm-up). Null when not logged.
 */
export async function imagesPerSecond(db: PrismaClient, runId: string): Promise<number | null> {
  const rows = await db.$queryRaw<{ median: number | null }[]>`
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY "value") AS "median" FROM "MetricPoint"
    WHERE "runId" = ${runId}::uuid AND "key" = ${METRIC_KEYS.imagesPerSecond}`;
  const median = rows[0]?.median;
  return median === null || median === undefined ? null : Number(median);
}
