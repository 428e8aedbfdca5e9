// Turns the training child's messages into API calls, one message at a time and in order
// (training-process.ts awaits each): the backend starts the status watch, the prepared dataset
// starts the run, metric batches and evaluations are logged. What it learns about the run
// (backend, device, data) is kept for run-info.json.
//
// Each metric batch the child reports also asks the server where the run stands (one read at a
// time, heartbeat.ts `checkNow`), so a member's cancel reaches the child within about a batch.
// Once the server says the run has finished (that read, a heartbeat, or a write refused with
// INVALID_STATE), the run is stopped through `onServerStop` and nothing more is written to it.
import { VALIDATION_SPLIT } from '@hpa-lab/ml/config';
import type { Logger } from 'pino';
import type { TrainerApi } from '../api-client/index.ts';
import type { ChildMessage } from './child-messages.ts';
import { describeDevice } from './device-description.ts';
import { finishedStatusOf, isTerminal } from './finish-or-accept.ts';
import { startHeartbeats, type HeartbeatLoop } from './heartbeat.ts';
import type { MetricStream } from './metric-stream.ts';
import type { RunProgress } from './run-progress.ts';
import type { FinishedOnServer } from './stop-control.ts';

export interface ChildMessageHandler {
  handle(message: ChildMessage): Promise<void>;
  /** Provenance gathered so far (backend, threads, device, dataset fingerprint, split, counts). */
  readonly runInfo: Record<string, unknown>;
  /** Stops the status watch / heartbeats, if they started. */
  stopHeartbeats(): void;
  /** The server refused a write because the run has finished (e.g. the metric stream's). */
  runFinished(finished: FinishedOnServer): void;
}

export function createChildMessageHandler(options: {
  api: TrainerApi;
  runId: string;
  logger: Logger;
  stream: MetricStream;
  heartbeatIntervalMs: number;
  /** The server says the run is no longer running (cancelled, failed by the sweeper). */
  onServerStop: (reason: string, finished: FinishedOnServer) => void;
  onProgress?: (event: RunProgress) => void;
}): ChildMessageHandler {
  const { api, runId, logger, stream } = options;
  const runInfo: Record<string, unknown> = {};
  let heartbeats: HeartbeatLoop | undefined;
  let backend: { name: string; device: string } | undefined;
  let finishedOnServer: FinishedOnServer | undefined;

  // Reported once; from then on the child's messages are only read, never written anywhere.
  const runFinished = (finished: FinishedOnServer) => {
    if (finishedOnServer) return;
    finishedOnServer = finished;
    heartbeats?.stop();
    stream.discard();
    const why = finished.errorMessage ? `: ${finished.errorMessage}` : '';
    options.onServerStop(`run is ${finished.status.toLowerCase()}${why}`, finished);
  };
  /** Runs a write; a refusal because the run has finished stops the run instead of failing it. */
  const write = async (call: () => Promise<unknown>): Promise<boolean> => {
    try {
      await call();
      return true;
    } catch (error) {
      const status = finishedStatusOf(error);
      if (!status) throw error;
      runFinished({ status });
      return false;
    }
  };

  const onBackend = (message: Extract<ChildMessage, { type: 'backend' }>) => {
    const device = describeDevice(message.name, message.threads, message.precision);
    backend = { name: message.name, device };
    Object.assign(runInfo, {
      backend: message.name,
      threads: message.threads,
      precision: message.precision,
      device,
      backendsSkipped: message.skipped,
    });
    // Why a faster backend was passed over (e.g. the oneDNN addon not built) is worth a line.
    logger.info(
      {
        backend: message.name,
        threads: message.threads,
        precision: message.precision,
        skipped: message.skipped,
      },
      'backend chosen',
    );
    // Watching from now on: the data preparation ahead may take minutes, and a member's
    // cancel must stop it. startRun itself waits for the dataset fingerprint.
    heartbeats = startHeartbeats({
      api,
      runId,
      logger,
      intervalMs: options.heartbeatIntervalMs,
      onStopRequested: (status, errorMessage) => {
        // Only terminal statuses stop a run (heartbeat.ts); anything else would be a new one.
        if (isTerminal(status)) runFinished({ status, errorMessage });
      },
    });
    options.onProgress?.({ type: 'backend', name: message.name, threads: message.threads, device });
  };

  const onDataset = async (message: Extract<ChildMessage, { type: 'dataset' }>) => {
    Object.assign(runInfo, {
      datasetFingerprint: message.fingerprint,
      splitSeed: message.splitSeed,
      samples: message.samples,
      trainSamples: message.trainSamples,
      validationSamples: message.validationSamples,
    });
    // Started only now, with the validation set it trains on, so compareRuns can tell whether
    // launched runs are comparable. Refused (and the child stopped) when the run was cancelled
    // meanwhile or pinned another dataset.
    const started = await write(() =>
      api.startRun(runId, {
        ...(backend ? { backend: backend.name, device: backend.device } : {}),
        datasetFingerprint: message.fingerprint,
        splitSeed: message.splitSeed,
      }),
    );
    if (!started) return;
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
  };

  const handle = async (message: ChildMessage): Promise<void> => {
    if (finishedOnServer && ['dataset', 'metrics', 'evaluation'].includes(message.type)) return;
    switch (message.type) {
      case 'backend':
        return onBackend(message);
      case 'progress':
        options.onProgress?.({ ...message, type: 'preparing' });
        return;
      case 'dataset':
        return onDataset(message);
      case 'metrics':
        heartbeats?.checkNow();
        return stream.add(message.points);
      case 'evaluation':
        // Curves first, so a dashboard never shows an evaluation ahead of its losses.
        await stream.flush();
        if (finishedOnServer) return;
        await write(() =>
          api.logEvaluation({
            runId,
            step: message.step,
            split: VALIDATION_SPLIT,
            macroF1: message.report.macroF1,
            perClass: message.report.perClass,
            cooccurrence: message.report.cooccurrence,
          }),
        );
        return;
      case 'epoch':
        options.onProgress?.(message);
        return;
      case 'finished':
      case 'failed':
        // The outcome: training-process.ts settles `done` with it.
        return;
    }
  };

  return {
    handle,
    runInfo,
    stopHeartbeats() {
      heartbeats?.stop();
    },
    runFinished,
  };
}
