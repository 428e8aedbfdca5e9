// Heartbeats on a timer. The API answers with the run's status: anything but RUNNING
// (cancelled by a member, failed by the sweeper) means the trainer must stop.
//
// The loop starts before the run does: startRun waits until the data is prepared (it records
// the dataset fingerprint, known only then), and a cache build can take many minutes. Until
// `markStarted` the loop only reads the run (the API refuses heartbeats of a queued run), so a
// member's cancel still stops the preparation instead of waiting for it to end.
import type { Logger } from 'pino';
import type { RunStatus, TrainerApi } from '../api-client/index.ts';

export interface HeartbeatLoop {
  /** Switches from watching the queued run to heartbeats of the running one. */
  markStarted(): void;
  stop(): void;
}

export function startHeartbeats(options: {
  api: TrainerApi;
  runId: string;
  intervalMs: number;
  logger: Logger;
  onStopRequested: (status: RunStatus, reason: string | null) => void;
}): HeartbeatLoop {
  let started = false;
  let stopped = false;
  let busy = false;
  const readStatus = async (): Promise<{ status: RunStatus; errorMessage: string | null }> => {
    if (started) return options.api.heartbeat(options.runId);
    const run = await options.api.run(options.runId);
    // Deleted under us: nothing left to train for.
    return run ?? { status: 'CANCELLED', errorMessage: 'the run no longer exists' };
  };
  const beat = async () => {
    if (busy || stopped) return;
    busy = true;
    try {
      const run = await readStatus();
      // QUEUED is still fine while preparing; a RUNNING answer to a read sent just before
      // startRun returned is no reason to stop either.
      if (!stopped && run.status !== 'QUEUED' && run.status !== 'RUNNING') {
        stopped = true;
        clearInterval(timer);
        options.onStopRequested(run.status, run.errorMessage);
      }
    } catch (error) {
      // One lost heartbeat is harmless (the timeout is 3+ intervals); keep training.
      options.logger.warn({ err: error }, 'heartbeat failed');
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void beat(), options.intervalMs);
  return {
    markStarted() {
      started = true;
    },
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
