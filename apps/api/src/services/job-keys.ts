// Job-scoped API keys for the in-process trainer: the API cannot hand out the launching member's
// own key (it keeps only hashes), so it mints one for the run's owner that expires on its own
// and is revoked as soon as the job ends. The trainer then writes to the run as its owner.
import type { JobApiConnection, TrainJobData } from '@hpa-lab/contracts';
import type { PrismaClient } from '../db.ts';
import { generateApiKeySecret } from '../auth/api-keys.ts';
import { findRun } from './runs.ts';

/**
 * A backstop only: a job key is revoked when its job ends, and by the sweeper as soon as its run
 * is finished (so a key minted by an API that was then killed dies with its run).
 */
const JOB_KEY_TTL_MS = 7 * 24 * 3600 * 1000;

/** The name a job key carries; the sweeper finds the run by it. */
export const jobKeyName = (runId: string) => `job:${runId}`;

export function jobApiKeyPreparer(db: PrismaClient, apiUrl: () => string) {
  return async (
    job: TrainJobData,
  ): Promise<{ api: JobApiConnection; release(): Promise<void> }> => {
    const run = await findRun(db, job.runId);
    const secret = generateApiKeySecret();
    const key = await db.apiKey.create({
      data: {
        memberId: run.memberId,
        name: jobKeyName(run.id),
        prefix: secret.prefix,
        hash: secret.hash,
        expiresAt: new Date(Date.now() + JOB_KEY_TTL_MS),
      },
    });
    return {
      api: { url: apiUrl(), key: secret.secret },
      release: async () => {
        await db.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
      },
    };
  };
}

/** Revokes the job keys whose run has finished; returns how many. */
export async function revokeFinishedJobKeys(db: PrismaClient, now = new Date()): Promise<number> {
  return db.$executeRaw`
    UPDATE "ApiKey" k SET "revokedAt" = ${now.toISOString()}::timestamp(3)
    FROM "Run" r
    WHERE k."revokedAt" IS NULL AND k."name" = 'job:' || r."id"::text
      AND r."status" IN ('succeeded', 'failed', 'cancelled')`;
}
