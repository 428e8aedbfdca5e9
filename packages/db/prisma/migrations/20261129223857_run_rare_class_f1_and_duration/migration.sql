-- AlterTable
-- durationMs is computed by PostgreSQL from startedAt and finishedAt, so the API's finishRun,
-- cancelRun and the heartbeat sweeper (raw SQL) all keep it right without knowing about it.
-- Prisma models it as a plain optional Float and never writes it.
ALTER TABLE "Run" ADD COLUMN     "durationMs" DOUBLE PRECISION GENERATED ALWAYS AS (
  EXTRACT(EPOCH FROM ("finishedAt" - "startedAt")) * 1000
) STORED,
ADD COLUMN     "rareClassF1" DOUBLE PRECISION;

-- Backfill rareClassF1 from each run's best validation evaluation: the mean F1 of the five
-- rarest HPA classes (ids 27, 15, 10, 9, 8; PostgreSQL arrays are 1-based).
UPDATE "Run" AS r
SET "rareClassF1" = (e."f1"[28] + e."f1"[16] + e."f1"[11] + e."f1"[10] + e."f1"[9]) / 5
FROM (
  SELECT DISTINCT ON ("runId") "runId", "f1"
  FROM "Evaluation"
  WHERE "split" = 'val'
  ORDER BY "runId", "macroF1" DESC, "step" DESC
) AS e
WHERE e."runId" = r."id";

-- CreateIndex
CREATE INDEX "Run_projectId_rareClassF1_idx" ON "Run"("projectId", "rareClassF1" DESC);

-- CreateIndex
CREATE INDEX "Run_projectId_durationMs_idx" ON "Run"("projectId", "durationMs" DESC);
