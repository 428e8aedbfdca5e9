// The trainer's API, answered by an offline run's folder (offline-folder.ts) instead of the
// server, with the server's rules: a finished run refuses writes with INVALID_STATE, startRun
// only starts a queued run, a re-sent identical artifact is accepted. executeRun cannot tell the
// difference, so an offline run trains, evaluates and ends exactly as an online one.
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ApiRequestError,
  sha256OfFile,
  type ArtifactInfo,
  type FinishStatus,
  type RunSummary,
  type TrainerApi,
} from '../api-client/index.ts';
import { artifactsDir, offlineFolder, type OfflineStatus } from './offline-folder.ts';

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

export function createOfflineApi(dir: string): TrainerApi {
  const run = offlineFolder.readRun(dir);
  const status = () => offlineFolder.readStatus(dir);
  const update = (change: Partial<OfflineStatus>) =>
    offlineFolder.writeStatus(dir, { ...status(), ...change });
  const summary = (): RunSummary => {
    const s = status();
    return {
      id: run.clientId,
      name: run.name,
      status: s.status,
      errorMessage: s.errorMessage,
      datasetFingerprint: s.datasetFingerprint,
      splitSeed: s.splitSeed,
      backend: s.backend,
      device: s.device,
    };
  };
  /** What the API answers a write to a finished run. */
  const requireWritable = (operation: string) => {
    const current = status().status;
    if (!TERMINAL.has(current)) return;
    throw new ApiRequestError(
      operation,
      'INVALID_STATE',
      `Run ${run.clientId} is ${current.toLowerCase()}: a finished run accepts no more writes`,
      409,
      { status: current },
    );
  };
  const artifacts = new Map(offlineFolder.readArtifacts(dir).map((a) => [a.name, a]));

  return {
    connection: { url: `offline:${dir}`, key: '' },
    projects: () => Promise.resolve([]),
    createRun: () =>
      Promise.reject(new Error('offline: the run was created with createOfflineRun')),
    run: () => Promise.resolve(summary()),
    runStatus: () => {
      const s = status();
      return Promise.resolve({ status: s.status, errorMessage: s.errorMessage });
    },
    heartbeat: () => {
      const s = status();
      return Promise.resolve({ id: run.clientId, status: s.status, errorMessage: s.errorMessage });
    },
    startRun(_id, details = {}) {
      const current = status().status;
      if (current !== 'QUEUED') {
        return Promise.reject(
          new ApiRequestError('startRun', 'INVALID_STATE', `run is ${current}`, 409, {
            status: current,
          }),
        );
      }
      update({
        status: 'RUNNING',
        backend: details.backend ?? null,
        device: details.device ?? null,
        datasetFingerprint: details.datasetFingerprint ?? status().datasetFingerprint,
        splitSeed: details.splitSeed ?? status().splitSeed,
        startedAt: new Date().toISOString(),
      });
      return Promise.resolve(summary());
    },
    async finishRun(_id, finish: FinishStatus, errorMessage) {
      requireWritable('finishRun');
      update({
        status: finish,
        errorMessage: errorMessage ?? null,
        finishedAt: new Date().toISOString(),
      });
      return summary();
    },
    async logMetrics(_runId, points) {
      requireWritable('logMetrics');
      offlineFolder.appendMetrics(dir, points);
      return points.length;
    },
    async logEvaluation(input) {
      requireWritable('logEvaluation');
      offlineFolder.appendEvaluation(dir, input);
      return { id: `${input.split}-${input.step}` };
    },
    async uploadArtifact(input): Promise<ArtifactInfo> {
      const name = input.name ?? input.file.split('/').pop()!;
      const sha256 = await sha256OfFile(input.file);
      const earlier = artifacts.get(name);
      if (!earlier || earlier.sha256 !== sha256) {
        if (earlier) {
          throw new ApiRequestError('uploadArtifact', 'CONFLICT', `${name} exists`, 409);
        }
        requireWritable('uploadArtifact');
        await mkdir(artifactsDir(dir), { recursive: true });
        await copyFile(input.file, join(artifactsDir(dir), name));
        const { size } = await stat(input.file);
        const artifact = { name, kind: input.kind, sha256, bytes: size };
        offlineFolder.appendArtifact(dir, artifact);
        artifacts.set(name, artifact);
      }
      const stored = artifacts.get(name)!;
      return {
        id: `${run.clientId}/${name}`,
        runId: run.clientId,
        kind: stored.kind,
        name,
        bytes: stored.bytes,
        sha256,
        downloadUrl: join(artifactsDir(dir), name),
      };
    },
  };
}
