// Job-scoped API keys for the in-process trainer: the API cannot hand out the launching member's
// own key (it keeps only hashes), so it mints one for the run's owner that expires on its own
// and is revoked as soon as the job ends. The trainer then writes to the run as its owner.
import type { JobApiConnection, TrainJobData } from '@hpa-lab/contracts';
import type { PrismaClient } from '../db.ts';
import { generateApiKeySecret } from '../auth/api-keys.ts';
import { findRun } from './runs.ts';

const JOB_KEY_TTL_MS = 7 * 24 * 3600 * 1000;

export function jobApiKeyPreparer(db: PrismaClient, apiUrl: () => string) {
  return async (
    job: TrainJobData,
  ): Promise<{ api: JobApiConnection; release(): Promise<void> }> => {
    const run = await findRun(db, job.runId);
    const secret = generateApiKeySecret();
    const key = await db.apiKey.create({
      data: {
        memberId: run.memberId,
        name: `job:${run.id}`,
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
