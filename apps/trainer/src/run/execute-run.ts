// Executes one run end to end, the same way for the BullMQ worker, the API's in-process queue
// and the CLI: validate the config, train in a child process whose messages become API calls
// (child-message-handler.ts), and end the run by how training ended (run-endings.ts). Who asked
// it to stop, if anyone, is stop-control.ts's business.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackendChoice, TrainConfig } from '@hpa-lab/ml/config';
import type { Logger } from 'pino';
import type { TrainerApi } from '../api-client/index.ts';
import type { TrainingResultMessage } from './child-messages.ts';
import { createChildMessageHandler } from './child-message-handler.ts';
import { finishOrAccept } from './finish-or-accept.ts';
import { createMetricStream } from './metric-stream.ts';
import { validateRunConfig } from './run-config.ts';
import {
  endCompletedRun,
  endFailedTraining,
  endStoppedRun,
  type RunEndingContext,
} from './run-endings.ts';
import { ConfigRejectedError } from './run-errors.ts';
import type { RunOutcome } from './run-outcome.ts';
import type { RunProgress } from './run-progress.ts';
import { createStopControl } from './stop-control.ts';
import { startTrainingProcess } from './training-process.ts';

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

/** Validates the config; a bad one fails the run for good (ConfigRejectedError). */
async function acceptConfig(options: ExecuteRunOptions, logger: Logger): Promise<TrainConfig> {
  try {
    return validateRunConfig(options.config, options.home);
  } catch (error) {
    const message = (error as Error).message;
    logger.warn({ err: error }, 'run rejected: invalid config');
    await finishOrAccept(options.api, options.runId, 'FAILED', message);
    throw new ConfigRejectedError(message);
  }
}

export async function executeRun(options: ExecuteRunOptions): Promise<RunOutcome> {
  const { api, runId } = options;
  const logger = options.logger.child({ runId });
  const config = await acceptConfig(options, logger);

  const workDir = join(options.home, 'runs', runId);
  await mkdir(workDir, { recursive: true });
  const stream = createMetricStream({
    api,
    runId,
    logger,
    flushIntervalMs: options.metricFlushIntervalMs ?? 1000,
    onRunFinished: (status) => handler.runFinished({ status }),
  });
  const stop = createStopControl({
    logger,
    cancelGraceMs: options.cancelGraceMs ?? 60_000,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const handler = createChildMessageHandler({
    api,
    runId,
    logger,
    stream,
    heartbeatIntervalMs: options.heartbeatIntervalMs,
    onServerStop: (reason, finished) => stop.requestStop(true, reason, finished),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const ending = (): RunEndingContext => ({
    api,
    runId,
    logger,
    workDir,
    metricPoints: stream.written,
  });

  let result: TrainingResultMessage;
  try {
    const child = startTrainingProcess(
      {
        config,
        home: options.home,
        workDir,
        logLevel: options.childLogLevel ?? options.logger.level,
        ...(options.forceBackend ? { forceBackend: options.forceBackend } : {}),
        ...(options.testDir ? { testDir: options.testDir } : {}),
      },
      handler.handle,
    );
    stop.attach(child);
    result = await child.done;
    handler.stopHeartbeats();
    await stream.close();
  } catch (error) {
    handler.stopHeartbeats();
    await stream.close().catch(() => undefined);
    return await endFailedTraining(ending(), error, stop.request);
  } finally {
    stop.dispose();
  }

  if (stop.request) {
    logger.info(
      { steps: result.steps, stepsAfterStopRequest: result.stepsAfterCancel },
      'training stopped',
    );
    options.onProgress?.({
      type: 'stopped',
      steps: result.steps,
      stepsAfterStopRequest: result.stepsAfterCancel,
    });
    return endStoppedRun(ending(), result, stop.request);
  }
  return endCompletedRun(
    ending(),
    result,
    { runId, config, ...handler.runInfo },
    options.onProgress,
  );
}
