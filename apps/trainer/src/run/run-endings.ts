// The three ways a run that reached the training process ends, each finishing it on the API:
// - the child failed (or was killed): keep the best checkpoint, finish failed;
// - it stopped early on request: finish as the request says;
// - it completed: upload the results, finish succeeded.
// Each accepts a terminal status someone else set first (finishOrAccept).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { TrainerApi } from '../api-client/index.ts';
import type { TrainingResultMessage } from './child-messages.ts';
import { finishOrAccept } from './finish-or-accept.ts';
import { RunFailedError } from './run-errors.ts';
import type { RunOutcome } from './run-outcome.ts';
import type { RunProgress } from './run-progress.ts';
import type { StopRequest } from './stop-control.ts';
import { uploadModelDir, uploadRunResults } from './upload-results.ts';

export interface RunEndingContext {
  api: TrainerApi;
  runId: string;
  logger: Logger;
  /** This run's folder (best-checkpoint/, the tars, run-info.json). */
  workDir: string;
  /** Metric points the API acknowledged. */
  metricPoints: number;
}

/**
 * The training process failed. Uploads the best checkpoint kept so far (a diverged loss keeps
 * the best epoch: the work is not lost) and fails the run; returns a cancelled outcome when a
 * member cancelled it meanwhile, throws RunFailedError otherwise.
 */
export async function endFailedTraining(
  context: RunEndingContext,
  error: unknown,
  stop: StopRequest | undefined,
): Promise<RunOutcome> {
  const { api, runId, logger, workDir } = context;
  // A child killed after an interruption's grace period says only "exited": say why.
  const message =
    stop && !stop.byServer ? `training interrupted: ${stop.reason}` : (error as Error).message;
  logger.error({ err: error }, 'training failed');
  const checkpoint = join(workDir, 'best-checkpoint');
  if (existsSync(checkpoint)) {
    await uploadModelDir(api, runId, checkpoint, workDir, 'CHECKPOINT').catch(
      (uploadError: unknown) =>
        logger.warn({ err: uploadError }, 'could not upload the best checkpoint'),
    );
  }
  const finished = await finishOrAccept(api, runId, 'FAILED', message);
  if (finished.status !== 'CANCELLED') throw new RunFailedError(message, { cause: error });
  return {
    status: 'CANCELLED',
    errorMessage: finished.errorMessage,
    bestEpoch: -1,
    bestMacroF1: 0,
    artifacts: [],
    metricPoints: context.metricPoints,
  };
}

/**
 * The training process stopped early on request. A server stop finishes the run cancelled (or
 * accepts the sweeper's failure); a caller's stop fails it as interrupted and throws.
 */
export async function endStoppedRun(
  context: RunEndingContext,
  result: TrainingResultMessage,
  stop: StopRequest,
): Promise<RunOutcome> {
  const { api, runId, logger } = context;
  const finished = stop.byServer
    ? await finishOrAccept(api, runId, 'CANCELLED', stop.reason)
    : await finishOrAccept(api, runId, 'FAILED', `training interrupted: ${stop.reason}`);
  logger.info({ status: finished.status }, 'run stopped early');
  if (finished.status === 'FAILED')
    throw new RunFailedError(finished.errorMessage ?? 'interrupted');
  return {
    ...finished,
    bestEpoch: result.bestEpoch,
    bestMacroF1: result.bestMacroF1,
    artifacts: [],
    metricPoints: context.metricPoints,
  };
}

/** Training completed: uploads the model, predictions and run-info.json, finishes succeeded. */
export async function endCompletedRun(
  context: RunEndingContext,
  result: TrainingResultMessage,
  runInfo: Record<string, unknown>,
  onProgress?: (event: RunProgress) => void,
): Promise<RunOutcome> {
  const { api, runId, logger, workDir } = context;
  const artifacts = await uploadRunResults({
    api,
    runId,
    workDir,
    result,
    runInfo: {
      ...runInfo,
      stopReason: result.stopReason,
      bestEpoch: result.bestEpoch,
      bestMacroF1: result.bestMacroF1,
    },
  });
  for (const artifact of artifacts) onProgress?.({ type: 'uploaded', artifact });
  const finished = await finishOrAccept(api, runId, 'SUCCEEDED');
  logger.info({ status: finished.status, bestMacroF1: result.bestMacroF1 }, 'run finished');
  return {
    ...finished,
    bestEpoch: result.bestEpoch,
    bestMacroF1: result.bestMacroF1,
    artifacts,
    metricPoints: context.metricPoints,
  };
}
