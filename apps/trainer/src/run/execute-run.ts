// Executes one run end to end, the same way for the BullMQ worker, the API's in-process queue
// and the CLI: validate the config, train in a child process, stream metrics and evaluations,
// heartbeat, upload the results and finish the run with the right status.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { parseTrainConfig, type BackendChoice, type TrainConfig } from '@hpa-lab/ml';
import type { Logger } from 'pino';
import {
  ApiRequestError,
  type ArtifactInfo,
  type FinishStatus,
  type TrainerApi,
} from '../api-client/index.ts';
import type { ChildMessage, TrainingResultMessage } from './child-messages.ts';
import { resolveDatasetLocation } from './dataset-location.ts';
import { startHeartbeats, type HeartbeatLoop } from './heartbeat.ts';
import { createMetricStream } from './metric-stream.ts';
import { ConfigRejectedError, RunFailedError } from './run-errors.ts';
import { startTrainingProcess, type TrainingProcess } from './training-process.ts';
import { uploadModelDir, uploadRunResults } from './upload-results.ts';

export type RunProgress =
  | { type: 'backend'; name: string; threads: number; device: string }
  | { type: 'preparing'; stage: 'generating' | 'caching'; done: number; total: number }
  | Extract<ChildMessage, { type: 'dataset' }>
  | Extract<ChildMessage, { type: 'epoch' }>
  | { type: 'uploaded'; artifact: ArtifactInfo };

export interface ExecuteRunOptions {
  runId: string;
  /** The job's config; validated here (the API validated it too, but a worker trusts no one). */
  config: unknown;
  api: TrainerApi;
  home: string;
  logger: Logger;
  /** The child's pino level; default the logger's. */
  childLogLevel?: string;
  /** Aborting stops training between batches and fails the run, unless it was cancelled. */
  signal?: AbortSignal;
  forceBackend?: BackendChoice;
  heartbeatIntervalMs: number;
  metricFlushIntervalMs?: number;
  /** How long a cancelled child may take to reach the next batch boundary. */
  cancelGraceMs?: number;
  testDir?: string;
  onProgress?: (event: RunProgress) => void;
}

export interface RunOutcome {
  status: FinishStatus;
  errorMessage: string | null;
  bestEpoch: number;
  bestMacroF1: number;
  artifacts: ArtifactInfo[];
  metricPoints: number;
}

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

/** finishRun, accepting that someone else (a member's cancel, the sweeper) finished it first. */
async function finishOrAccept(
  api: TrainerApi,
  runId: string,
  status: FinishStatus,
  errorMessage?: string,
): Promise<{ status: FinishStatus; errorMessage: string | null }> {
  try {
    const run = await api.finishRun(runId, status, errorMessage);
    return { status, errorMessage: run.errorMessage };
  } catch (error) {
    const current = error instanceof ApiRequestError ? error.extensions.status : undefined;
    if (
      error instanceof ApiRequestError &&
      error.code === 'INVALID_STATE' &&
      TERMINAL.has(String(current))
    ) {
      const run = await api.run(runId);
      return { status: current as FinishStatus, errorMessage: run?.errorMessage ?? null };
    }
    throw error;
  }
}

function validate(options: ExecuteRunOptions): TrainConfig {
  const config = parseTrainConfig(options.config);
  resolveDatasetLocation(config.dataset.cachePath, options.home);
  return config;
}

function describeDevice(backend: string, threads: number): string {
  if (backend === 'tensorflow-gpu') return 'GPU (libtensorflow CUDA)';
  if (backend === 'wasm-onednn') {
    return `${threads} thread${threads === 1 ? '' : 's'} (oneDNN) on ${os.cpus()[0]?.model?.trim() ?? os.arch()}`;
  }
  return `${threads} thread${threads === 1 ? '' : 's'} on ${os.cpus()[0]?.model?.trim() ?? os.arch()}`;
}

export async function executeRun(options: ExecuteRunOptions): Promise<RunOutcome> {
  const { api, runId } = options;
  const logger = options.logger.child({ runId });
  let config: TrainConfig;
  try {
    config = validate(options);
  } catch (error) {
    const message = (error as Error).message;
    logger.warn({ err: error }, 'run rejected: invalid config');
    await finishOrAccept(api, runId, 'failed', message);
    throw new ConfigRejectedError(message);
  }

  const workDir = join(options.home, 'runs', runId);
  await mkdir(workDir, { recursive: true });
  const stream = createMetricStream({
    api,
    runId,
    logger,
    flushIntervalMs: options.metricFlushIntervalMs ?? 1000,
  });
  const runInfo: Record<string, unknown> = { runId, config };
  let heartbeats: HeartbeatLoop | undefined;
  let backend: { name: string; device: string } | undefined;
  let stopRequest: { byServer: boolean; reason: string } | undefined;
  let child: TrainingProcess | undefined;
  const requestStop = (byServer: boolean, reason: string) => {
    if (stopRequest) return;
    stopRequest = { byServer, reason };
    logger.info({ reason }, 'stopping training');
    child?.cancel(options.cancelGraceMs ?? 60_000);
  };
  const onAbort = () => {
    const reason: unknown = options.signal?.reason;
    requestStop(false, reason instanceof Error ? reason.message : String(reason ?? 'aborted'));
  };

  const handle = async (message: ChildMessage): Promise<void> => {
    switch (message.type) {
      case 'backend': {
        const device = describeDevice(message.name, message.threads);
        backend = { name: message.name, device };
        Object.assign(runInfo, {
          backend: message.name,
          threads: message.threads,
          device,
          backendsSkipped: message.skipped,
        });
        // Why a faster backend was passed over (e.g. the oneDNN addon not built) is worth a line.
        logger.info(
          { backend: message.name, threads: message.threads, skipped: message.skipped },
          'backend chosen',
        );
        // Watching from now on: the data preparation ahead may take minutes, and a member's
        // cancel must stop it. startRun itself waits for the dataset fingerprint.
        heartbeats = startHeartbeats({
          api,
          runId,
          logger,
          intervalMs: options.heartbeatIntervalMs,
          onStopRequested: (status, reason) =>
            requestStop(true, `run is ${status}${reason ? `: ${reason}` : ''}`),
        });
        options.onProgress?.({
          type: 'backend',
          name: message.name,
          threads: message.threads,
          device,
        });
        return;
      }
      case 'progress':
        options.onProgress?.({ ...message, type: 'preparing' });
        return;
      case 'dataset': {
        Object.assign(runInfo, {
          datasetFingerprint: message.fingerprint,
          splitSeed: message.splitSeed,
          samples: message.samples,
          trainSamples: message.trainSamples,
          validationSamples: message.validationSamples,
        });
        // Started only now, with the validation set it trains on, so compareRuns can tell
        // whether launched runs are comparable. Refused (and the child stopped) when the run
        // was cancelled meanwhile or pinned another dataset.
        await api.startRun(runId, {
          ...(backend ? { backend: backend.name, device: backend.device } : {}),
          datasetFingerprint: message.fingerprint,
          splitSeed: message.splitSeed,
        });
        heartbeats?.markStarted();
        logger.info(
          {
            backend: backend?.name,
            datasetFingerprint: message.fingerprint,
            splitSeed: message.splitSeed,
          },
          'run started',
        );
        options.onProgress?.(message);
        return;
      }
      case 'metrics':
        await stream.add(message.points);
        return;
      case 'evaluation':
        // Curves first, so a dashboard never shows an evaluation ahead of its losses.
        await stream.flush();
        await api.logEvaluation({
          runId,
          step: message.step,
          split: 'val',
          macroF1: message.report.macroF1,
          perClass: message.report.perClass,
          cooccurrence: message.report.cooccurrence,
        });
        return;
      case 'epoch':
        options.onProgress?.(message);
        return;
      case 'finished':
      case 'failed':
        return;
    }
  };

  options.signal?.addEventListener('abort', onAbort, { once: true });
  let result: TrainingResultMessage;
  try {
    child = startTrainingProcess(
      {
        config,
        home: options.home,
        workDir,
        logLevel: options.childLogLevel ?? options.logger.level,
        ...(options.forceBackend ? { forceBackend: options.forceBackend } : {}),
        ...(options.testDir ? { testDir: options.testDir } : {}),
      },
      handle,
    );
    if (options.signal?.aborted) onAbort();
    result = await child.done;
    heartbeats?.stop();
    await stream.close();
  } catch (error) {
    heartbeats?.stop();
    await stream.close().catch(() => undefined);
    // A child killed after an interruption's grace period says only "exited": say why.
    const message =
      stopRequest && !stopRequest.byServer
        ? `training interrupted: ${stopRequest.reason}`
        : (error as Error).message;
    logger.error({ err: error }, 'training failed');
    // A diverged loss keeps the best epoch so far: upload it so the work is not lost.
    const checkpoint = join(workDir, 'best-checkpoint');
    if (existsSync(checkpoint)) {
      await uploadModelDir(api, runId, checkpoint, workDir, 'checkpoint').catch(
        (uploadError: unknown) =>
          logger.warn({ err: uploadError }, 'could not upload the best checkpoint'),
      );
    }
    const finished = await finishOrAccept(api, runId, 'failed', message);
    if (finished.status === 'cancelled')
      return cancelledOutcome(finished.errorMessage, stream.written);
    throw new RunFailedError(message, { cause: error });
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }

  const base = {
    bestEpoch: result.bestEpoch,
    bestMacroF1: result.bestMacroF1,
    metricPoints: stream.written,
  };
  if (stopRequest) {
    // Stopped early: by the server (cancelled, or failed by the sweeper) or by our caller.
    const finished = stopRequest.byServer
      ? await finishOrAccept(api, runId, 'cancelled', stopRequest.reason)
      : await finishOrAccept(api, runId, 'failed', `training interrupted: ${stopRequest.reason}`);
    logger.info({ status: finished.status }, 'run stopped early');
    if (finished.status === 'failed')
      throw new RunFailedError(finished.errorMessage ?? 'interrupted');
    return { ...base, ...finished, artifacts: [] };
  }
  Object.assign(runInfo, {
    stopReason: result.stopReason,
    bestEpoch: result.bestEpoch,
    bestMacroF1: result.bestMacroF1,
  });
  const artifacts = await uploadRunResults({ api, runId, workDir, result, runInfo });
  for (const artifact of artifacts) options.onProgress?.({ type: 'uploaded', artifact });
  const finished = await finishOrAccept(api, runId, 'succeeded');
  logger.info({ status: finished.status, bestMacroF1: result.bestMacroF1 }, 'run finished');
  return { ...base, ...finished, artifacts };
}

function cancelledOutcome(errorMessage: string | null, metricPoints: number): RunOutcome {
  return {
    status: 'cancelled',
    errorMessage,
    bestEpoch: -1,
    bestMacroF1: 0,
    artifacts: [],
    metricPoints,
  };
}
