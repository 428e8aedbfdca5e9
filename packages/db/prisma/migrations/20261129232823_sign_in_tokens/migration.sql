-- CreateTable
CREATE TABLE "SignInToken" (
    "id" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "hash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SignInToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SignInToken_hash_key" ON "SignInToken"("hash");

-- CreateIndex
CREATE INDEX "SignInToken_memberId_idx" ON "SignInToken"("memberId");

-- AddForeignKey
ALTER TABLE "SignInToken" ADD CONSTRAINT "SignInToken_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;
