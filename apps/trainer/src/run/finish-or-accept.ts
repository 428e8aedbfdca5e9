// Finishing a run races with everyone else who may finish it: a member's cancelRun, the API's
// sweeper. The first terminal status wins; the trainer accepts it instead of failing the job.
import { isTerminalRunStatus } from '@hpa-lab/ml/config';
import { ApiRequestError, type FinishStatus, type TrainerApi } from '../api-client/index.ts';

export interface FinishedRun {
  status: FinishStatus;
  errorMessage: string | null;
}

/** A terminal run status is exactly what finishRun accepts. */
export function isTerminal(status: string): status is FinishStatus {
  return isTerminalRunStatus(status);
}

/**
 * The status of a finished run when `error` is the API refusing a write to it (INVALID_STATE
 * with a terminal `extensions.status`: a member cancelled it, the sweeper failed it), else null.
 */
export function finishedStatusOf(error: unknown): FinishStatus | null {
  if (!(error instanceof ApiRequestError) || error.code !== 'INVALID_STATE') return null;
  const status = String(error.extensions.status);
  return isTerminal(status) ? status : null;
}

/** finishRun, accepting that someone else (a member's cancel, the sweeper) finished it first. */
export async function finishOrAccept(
  api: TrainerApi,
  runId: string,
  status: FinishStatus,
  errorMessage?: string,
): Promise<FinishedRun> {
  try {
    const run = await api.finishRun(runId, status, errorMessage);
    return { status, errorMessage: run.errorMessage };
  } catch (error) {
    const current = finishedStatusOf(error);
    if (current) {
      const run = await api.run(runId);
      return { status: current, errorMessage: run?.errorMessage ?? null };
    }
    throw error;
  }
}
