// Turns the training child's messages into API calls, one message at a time and in order
// (training-process.ts awaits each): the backend starts the status watch, the prepared dataset
// starts the run, metric batches and evaluations are logged. What it learns about the run
// (backend, device, data) is kept for run-info.json.
import type { Logger } from 'pino';
import type { TrainerApi } from '../api-client/index.ts';
import type { ChildMessage } from './child-messages.ts';
import { describeDevice } from './device-description.ts';
import { startHeartbeats, type HeartbeatLoop } from './heartbeat.ts';
import type { MetricStream } from './metric-stream.ts';
import type { RunProgress } from './run-progress.ts';

export interface ChildMessageHandler {
  handle(message: ChildMessage): Promise<void>;
  /** Provenance gathered so far (backend, threads, device, dataset fingerprint, split, counts). */
  readonly runInfo: Record<string, unknown>;
  /** Stops the status watch / heartbeats, if they started. */
  stopHeartbeats(): void;
}

export function createChildMessageHandler(options: {
  api: TrainerApi;
  runId: string;
  logger: Logger;
  stream: MetricStream;
  heartbeatIntervalMs: number;
  /** The server says the run is no longer running (cancelled, failed by the sweeper). */
  onServerStop: (reason: string) => void;
  onProgress?: (event: RunProgress) => void;
}): ChildMessageHandler {
  const { api, runId, logger, stream } = options;
  const runInfo: Record<string, unknown> = {};
  let heartbeats: HeartbeatLoop | undefined;
  let backend: { name: string; device: string } | undefined;

  const onBackend = (message: Extract<ChildMessage, { type: 'backend' }>) => {
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
        options.onServerStop(`run is ${status.toLowerCase()}${reason ? `: ${reason}` : ''}`),
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
  };

  const handle = async (message: ChildMessage): Promise<void> => {
    switch (message.type) {
      case 'backend':
        return onBackend(message);
      case 'progress':
        options.onProgress?.({ ...message, type: 'preparing' });
        return;
      case 'dataset':
        return onDataset(message);
      case 'metrics':
        return stream.add(message.points);
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
  };
}
