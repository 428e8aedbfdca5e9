-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "launchKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Run_memberId_launchKey_key" ON "Run"("memberId", "launchKey");
