// `npm run train -w @hpa-lab/trainer -- --config run.json`: creates a run through the API and
// trains it on this machine, printing progress. Ctrl-C cancels the run between batches. With no
// API reachable the run is kept in a local folder instead (src/offline/), for `hpa-train sync`.
import { spawnSync } from 'node:child_process';
import { createLogger } from '@hpa-lab/logging';
import {
  ApiRequestError,
  DEFAULT_RETRY,
  createTrainerApi,
  type ProjectSummary,
  type TrainerApi,
} from '../api-client/index.ts';
import { loadTrainerEnv, requireApiKey, type TrainerEnv } from '../env.ts';
import { createOfflineRun } from '../offline/create-offline-run.ts';
import { createOfflineApi } from '../offline/offline-api.ts';
import { executeRun } from '../run/execute-run.ts';
import type { RunProgress } from '../run/run-progress.ts';
import { prepareDataset } from '../run/prepare-dataset.ts';
import { parseTrainArgs, TRAIN_USAGE, UsageError } from './train-args.ts';

function gitCommit(): string | undefined {
  const result = spawnSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function printProgress(event: RunProgress): void {
  switch (event.type) {
    case 'backend':
      console.log(`backend ${event.name} (${event.device})`);
      return;
    case 'preparing':
      if (event.done === event.total) console.log(`${event.stage}: ${event.total} samples done`);
      return;
    case 'dataset':
      console.log(
        `data ${event.samples} samples (${event.trainSamples} train / ${event.validationSamples} ` +
          `val, split seed ${event.splitSeed}), fingerprint ${event.fingerprint.slice(0, 12)}`,
      );
      return;
    case 'epoch': {
      const s = event.summary;
      console.log(
        `epoch ${s.epoch + 1}/${event.epochs}  loss ${s.trainLoss.toFixed(4)}  val loss ` +
          `${s.validationLoss.toFixed(4)}  val macro F1 ${s.validationMacroF1.toFixed(4)}  ` +
          `${s.imagesPerSecond.toFixed(1)} img/s  ${s.seconds.toFixed(1)} s`,
      );
      return;
    }
    case 'uploaded':
      console.log(
        `uploaded ${event.artifact.kind.toLowerCase()} ${event.artifact.name} (${event.artifact.bytes} bytes)`,
      );
      return;
    case 'stopped':
      console.log(`stopped after ${event.steps} batches`);
      return;
  }
}

/** The API's projects, or null when the API cannot be reached at all (train offline then). */
async function projectsOrOffline(env: TrainerEnv): Promise<ProjectSummary[] | null> {
  // Probed without retries and, if need be, without a key: an unreachable API means offline,
  // while a reachable one still needs HPA_API_KEY (requireApiKey's message below).
  const probe = createTrainerApi({ url: env.apiUrl, key: env.apiKey ?? '' });
  try {
    return await probe.projects();
  } catch (error) {
    if (error instanceof ApiRequestError && error.code === 'NETWORK') return null;
    if (!env.apiKey) requireApiKey(env);
    throw error;
  }
}

async function main(): Promise<number> {
  const env = loadTrainerEnv();
  const args = await parseTrainArgs(process.argv.slice(2), env.invocationDir);
  const projects = await projectsOrOffline(env);
  const project = projects
    ? args.project
      ? projects.find((p) => p.slug === args.project)
      : projects[0]
    : undefined;
  if (projects && !project) {
    throw new UsageError(
      args.project ? `--project: no project with slug "${args.project}"` : 'the API has no project',
    );
  }
  // Prepared here first so the run is created with its data fingerprint; the training process
  // then finds the cache current and reuses it.
  const prepared = await prepareDataset(args.config, env.home, (stage, done, total) => {
    if (done === total) console.log(`${stage}: ${total} samples done`);
  });
  prepared.cache.close();
  const commit = gitCommit();
  const metadata = {
    name: args.name,
    approach: args.approach,
    tags: args.tags,
    config: args.config,
    datasetFingerprint: prepared.fingerprint,
    splitSeed: args.config.dataset.splitSeed,
  };
  let api: TrainerApi;
  let run: { id: string };
  let offlineDir: string | undefined;
  if (project) {
    api = createTrainerApi(
      { url: env.apiUrl, key: requireApiKey(env) },
      { ...DEFAULT_RETRY, budgetMs: env.apiRetryBudgetMs },
    );
    run = await api.createRun({
      projectId: project.id,
      ...metadata,
      ...(commit ? { gitCommit: commit } : {}),
    });
    console.log(`run ${run.id} created in project ${project.slug} (${args.name})`);
  } else {
    const offline = await createOfflineRun(env.home, {
      ...metadata,
      project: args.project ?? null,
      gitCommit: commit ?? null,
    });
    offlineDir = offline.dir;
    api = createOfflineApi(offline.dir);
    run = { id: offline.runId };
    console.log(
      `offline: no API at ${env.apiUrl}; the run is kept in ${offline.dir} (upload it later ` +
        `with \`hpa-train sync ${offline.dir}\`)`,
    );
  }

  const controller = new AbortController();
  process.once('SIGINT', () => {
    console.log('interrupted: cancelling the run after the current batch');
    void api
      .finishRun(run.id, 'CANCELLED', 'cancelled from the command line (Ctrl-C)')
      .catch(() => undefined)
      .finally(() => controller.abort('SIGINT'));
  });
  const outcome = await executeRun({
    runId: run.id,
    config: args.config,
    api,
    home: env.home,
    logger: createLogger({
      level: env.logLevel === 'info' ? 'warn' : env.logLevel,
      format: env.logFormat,
      name: 'hpa-lab-train',
    }),
    signal: controller.signal,
    heartbeatIntervalMs: env.heartbeatIntervalMs,
    ...((args.backend ?? env.backend) ? { forceBackend: args.backend ?? env.backend } : {}),
    ...(args.testDir ? { testDir: args.testDir } : {}),
    onProgress: printProgress,
  });
  console.log(
    `run ${run.id} ${outcome.status.toLowerCase()}: best val macro F1 ${outcome.bestMacroF1.toFixed(4)} ` +
      `(epoch ${outcome.bestEpoch + 1}), ${outcome.metricPoints} metric points logged`,
  );
  if (offlineDir) console.log(`offline: upload the run with \`hpa-train sync ${offlineDir}\``);
  return outcome.status === 'SUCCEEDED' ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`train: ${(error as Error).message}`);
    if (error instanceof UsageError) console.error(TRAIN_USAGE);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
