// The three ways a run that reached the training process ends, each finishing it on the API:
// - the child failed (or was killed): keep the best checkpoint, finish failed;
// - it stopped early on request: finish as the request says;
// - it completed: upload the results, finish succeeded.
// Each accepts a terminal status someone else set first (finishOrAccept). When the server has
// already said how the run ended (a member's cancel, the sweeper), nothing is written to it:
// the API would refuse the upload and the finish anyway.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { TrainerApi } from '../api-client/index.ts';
import type { TrainingResultMessage } from './child-messages.ts';
import { finishOrAccept, isTerminal, type FinishedRun } from './finish-or-accept.ts';
import { RunFailedError } from './run-errors.ts';
import type { RunOutcome } from './run-outcome.ts';
import type { RunProgress } from './run-progress.ts';
import type { FinishedOnServer, StopRequest } from './stop-control.ts';
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

/** The server's verdict, completed with the reason (one read) when only the status is known. */
async function serverVerdict(
  context: RunEndingContext,
  finished: FinishedOnServer,
): Promise<FinishedRun> {
  if (finished.errorMessage !== undefined) {
    return { status: finished.status, errorMessage: finished.errorMessage };
  }
  const run = await context.api.run(context.runId).catch(() => null);
  return { status: finished.status, errorMessage: run?.errorMessage ?? null };
}

/** A stopped run's outcome: cancelled, or RunFailedError when the run ended failed. */
function stoppedOutcome(
  context: RunEndingContext,
  finished: FinishedRun,
  best: { bestEpoch: number; bestMacroF1: number },
): RunOutcome {
  if (finished.status === 'FAILED') {
    throw new RunFailedError(finished.errorMessage ?? 'interrupted');
  }
  return {
    ...finished,
    bestEpoch: best.bestEpoch,
    bestMacroF1: best.bestMacroF1,
    artifacts: [],
    metricPoints: context.metricPoints,
  };
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
  if (stop?.finished) {
    // E.g. a cancelled child that ignored the stop for its grace period and was killed.
    logger.warn({ err: error }, 'training ended badly after the run had finished');
    const finished = await serverVerdict(context, stop.finished);
    if (finished.status === 'FAILED') {
      throw new RunFailedError(finished.errorMessage ?? 'failed', { cause: error });
    }
    return stoppedOutcome(context, finished, { bestEpoch: -1, bestMacroF1: 0 });
  }
  // A child killed after an interruption's grace period says only "exited": say why.
  const message =
    stop && !stop.byServer ? `training interrupted: ${stop.reason}` : (error as Error).message;
  if (stop && !stop.byServer) {
    // Asked to stop (Ctrl-C of `npm start`, a worker shutting down): not an error to trace.
    logger.warn(`run ${runId.slice(0, 8)}: ${message}`);
  } else {
    logger.error({ err: error }, 'training failed');
  }
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
  let finished: FinishedRun;
  if (stop.finished) finished = await serverVerdict(context, stop.finished);
  else if (stop.byServer) finished = await finishOrAccept(api, runId, 'CANCELLED', stop.reason);
  else {
    // The caller's stop may follow a cancel (the in-process queue aborts the job of a run a
    // member cancelled): one read spares a finishRun the API would refuse.
    const current = await api.runStatus(runId).catch(() => null);
    finished =
      current && isTerminal(current.status)
        ? { status: current.status, errorMessage: current.errorMessage }
        : await finishOrAccept(api, runId, 'FAILED', `training interrupted: ${stop.reason}`);
  }
  logger.info({ status: finished.status }, 'run stopped early');
  return stoppedOutcome(context, finished, result);
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
      trainingCpuSeconds: result.trainingCpuSeconds,
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
