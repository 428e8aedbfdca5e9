// Who asked a run to stop, and why. Two sources race: the server (a heartbeat that found the run
// cancelled, or failed by the sweeper) and the caller (the job's AbortSignal: a worker shutting
// down, Ctrl-C). The first request wins and decides how the run ends: a server stop accepts the
// server's status, a caller's stop fails the run as interrupted.
import type { Logger } from 'pino';
import type { FinishStatus } from '../api-client/index.ts';

/** How the server has already ended the run; errorMessage undefined: not known yet. */
export interface FinishedOnServer {
  status: FinishStatus;
  errorMessage?: string | null;
}

export interface StopRequest {
  /** True when the server asked (the run is no longer running there). */
  byServer: boolean;
  reason: string;
  /** The run's final state on the server, when the server said it: nothing is left to write. */
  finished?: FinishedOnServer;
}

/** What a stop needs of the training process (TrainingProcess fits). */
export interface Stoppable {
  cancel(graceMs: number): void;
}

export interface StopControl {
  /** The first stop request, if any. */
  readonly request: StopRequest | undefined;
  requestStop(byServer: boolean, reason: string, finished?: FinishedOnServer): void;
  /** The training process to cancel on a stop; cancelled at once if a stop came first. */
  attach(child: Stoppable): void;
  /** Stops listening to the caller's signal. */
  dispose(): void;
}

export function createStopControl(options: {
  logger: Logger;
  signal?: AbortSignal;
  /** How long a cancelled child may take to reach the next batch boundary. */
  cancelGraceMs: number;
}): StopControl {
  let request: StopRequest | undefined;
  let child: Stoppable | undefined;
  const requestStop = (byServer: boolean, reason: string, finished?: FinishedOnServer) => {
    if (request) return;
    request = { byServer, reason, ...(finished ? { finished } : {}) };
    options.logger.info({ reason }, 'stopping training');
    child?.cancel(options.cancelGraceMs);
  };
  const onAbort = () => {
    const reason: unknown = options.signal?.reason;
    requestStop(false, reason instanceof Error ? reason.message : String(reason ?? 'aborted'));
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();

  return {
    get request() {
      return request;
    },
    requestStop,
    attach(stoppable) {
      child = stoppable;
      if (request) child.cancel(options.cancelGraceMs);
    },
    dispose() {
      options.signal?.removeEventListener('abort', onAbort);
    },
  };
}
