-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "launchedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Run_status_launchedAt_idx" ON "Run"("status", "launchedAt");
