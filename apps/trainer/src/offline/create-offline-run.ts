// Creates an offline run's folder: what `hpa-train run` does instead of createRun when the API
// cannot be reached. The client's id is a UUID, later the idempotency key of `hpa-train sync`.
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { OFFLINE_FORMAT, offlineFolder, type OfflineRun } from './offline-folder.ts';

export type OfflineRunInput = Omit<OfflineRun, 'format' | 'clientId' | 'createdAt'>;

export const offlineRunsDir = (home: string) => join(home, 'offline-runs');

export async function createOfflineRun(
  home: string,
  input: OfflineRunInput,
): Promise<{ dir: string; runId: string }> {
  const clientId = randomUUID();
  const dir = join(offlineRunsDir(home), clientId);
  await mkdir(dir, { recursive: true });
  offlineFolder.writeRun(dir, {
    format: OFFLINE_FORMAT,
    clientId,
    createdAt: new Date().toISOString(),
    ...input,
  });
  offlineFolder.writeStatus(dir, {
    status: 'QUEUED',
    errorMessage: null,
    backend: null,
    device: null,
    datasetFingerprint: input.datasetFingerprint,
    splitSeed: input.splitSeed,
    startedAt: null,
    finishedAt: null,
    pid: process.pid,
  });
  return { dir, runId: clientId };
}
