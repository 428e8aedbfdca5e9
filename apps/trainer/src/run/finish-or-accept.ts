// Finishing a run races with everyone else who may finish it: a member's cancelRun, the API's
// sweeper. The first terminal status wins; the trainer accepts it instead of failing the job.
import { ApiRequestError, type FinishStatus, type TrainerApi } from '../api-client/index.ts';

export interface FinishedRun {
  status: FinishStatus;
  errorMessage: string | null;
}

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

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
