// Heartbeats on a timer. The API answers with the run's status: anything but `running`
// (cancelled by a member, failed by the sweeper) means the trainer must stop.
import type { Logger } from 'pino';
import type { RunStatus, TrainerApi } from '../api-client/index.ts';

export interface HeartbeatLoop {
  stop(): void;
}

export function startHeartbeats(options: {
  api: TrainerApi;
  runId: string;
  intervalMs: number;
  logger: Logger;
  onStopRequested: (status: RunStatus, reason: string | null) => void;
}): HeartbeatLoop {
  let stopped = false;
  let busy = false;
  const beat = async () => {
    if (busy || stopped) return;
    busy = true;
    try {
      const run = await options.api.heartbeat(options.runId);
      if (!stopped && run.status !== 'running') {
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
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
