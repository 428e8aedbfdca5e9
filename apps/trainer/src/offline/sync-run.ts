// `hpa-train sync <folder>`: replays an offline run against the API, idempotently. createRun
// carries the folder's client id as its idempotency key, so every sync of the folder reaches
// the same API run; a run the API already holds as finished was synced whole (finishRun is the
// last write), and one still queued or running (a sync cut short) is completed: metric points
// are idempotent by (run, key, step), evaluations by (run, split, step), artifacts by content.
import { join } from 'node:path';
import type { MetricPointInput, TrainerApi } from '../api-client/index.ts';
import { UsageError } from '../cli/train-args.ts';
import { finishOrAccept, isTerminal } from '../run/finish-or-accept.ts';
import { artifactsDir, offlineFolder, type OfflineStatus } from './offline-folder.ts';

export interface SyncResult {
  runId: string;
  /** False when the API already held the run finished (an earlier sync): nothing was sent. */
  sent: boolean;
  status: string;
  points: number;
  evaluations: number;
  artifacts: number;
}

function alive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** How the run ended; a run whose trainer died without finishing it ends as failed. */
function finalStatus(dir: string, status: OfflineStatus) {
  if (isTerminal(status.status)) {
    return { status: status.status, errorMessage: status.errorMessage ?? undefined };
  }
  if (alive(status.pid)) {
    throw new UsageError(
      `${dir}: the run is still ${status.status.toLowerCase()} (trainer pid ${status.pid}); ` +
        'sync it once `hpa-train run` has ended',
    );
  }
  return {
    status: 'FAILED' as const,
    errorMessage: `interrupted: the offline trainer (pid ${status.pid}) stopped before the run ended`,
  };
}

/** The API refuses a batch naming one (key, step) twice; the later point wins, as it would. */
function lastPointPerStep(points: readonly MetricPointInput[]): MetricPointInput[] {
  const byStep = new Map<string, MetricPointInput>();
  for (const point of points) byStep.set(`${point.key}\u0000${point.step}`, point);
  return [...byStep.values()];
}

async function projectId(api: TrainerApi, slug: string | null): Promise<string> {
  const projects = await api.projects();
  const project = slug ? projects.find((p) => p.slug === slug) : projects[0];
  if (!project) {
    throw new UsageError(
      slug
        ? `the API has no project "${slug}" (the run was started with --project ${slug}); create it first`
        : 'the API has no project; create one first',
    );
  }
  return project.id;
}

export async function syncOfflineRun(
  dir: string,
  api: TrainerApi,
  apiUrl: string,
): Promise<SyncResult> {
  const run = offlineFolder.readRun(dir);
  const status = offlineFolder.readStatus(dir);
  const ending = finalStatus(dir, status);
  const created = await api.createRun({
    projectId: await projectId(api, run.project),
    name: run.name,
    ...(run.approach !== null ? { approach: run.approach } : {}),
    tags: run.tags,
    config: run.config,
    ...(run.datasetFingerprint ? { datasetFingerprint: run.datasetFingerprint } : {}),
    ...(run.splitSeed !== null ? { splitSeed: run.splitSeed } : {}),
    ...(run.gitCommit ? { gitCommit: run.gitCommit } : {}),
    idempotencyKey: run.clientId,
  });
  const marker = { runId: created.id, apiUrl, syncedAt: new Date().toISOString() };
  const points = lastPointPerStep(offlineFolder.readMetrics(dir));
  const evaluations = offlineFolder.readEvaluations(dir);
  const artifacts = offlineFolder.readArtifacts(dir);
  if (isTerminal(created.status)) {
    offlineFolder.writeSynced(dir, marker);
    return {
      runId: created.id,
      sent: false,
      status: created.status,
      points: 0,
      evaluations: 0,
      artifacts: 0,
    };
  }
  if (created.status === 'QUEUED' && status.startedAt !== null) {
    await api.startRun(created.id, {
      ...(status.backend ? { backend: status.backend } : {}),
      ...(status.device ? { device: status.device } : {}),
      ...(status.datasetFingerprint ? { datasetFingerprint: status.datasetFingerprint } : {}),
      ...(status.splitSeed !== null ? { splitSeed: status.splitSeed } : {}),
    });
  }
  await api.logMetrics(created.id, points);
  // Heartbeats between the steps: the API's sweeper fails a running run that stays silent for
  // its heartbeat timeout, and a large model upload on a slow link may take that long.
  const beat = () => api.heartbeat(created.id).catch(() => undefined);
  await beat();
  for (const evaluation of evaluations) {
    await api.logEvaluation({ ...evaluation, runId: created.id });
  }
  for (const artifact of artifacts) {
    await beat();
    await api.uploadArtifact({
      runId: created.id,
      file: join(artifactsDir(dir), artifact.name),
      kind: artifact.kind,
      name: artifact.name,
    });
  }
  const finished = await finishOrAccept(api, created.id, ending.status, ending.errorMessage);
  offlineFolder.writeSynced(dir, marker);
  return {
    runId: created.id,
    sent: true,
    status: finished.status,
    points: points.length,
    evaluations: evaluations.length,
    artifacts: artifacts.length,
  };
}
