// Heartbeats on a timer. The API answers with the run's status: anything but RUNNING
// (cancelled by a member, failed by the sweeper) means the trainer must stop.
//
// The loop starts before the run does: startRun waits until the data is prepared (it records
// the dataset fingerprint, known only then), and a cache build can take many minutes. Until
// `markStarted` the loop only reads the run (the API refuses heartbeats of a queued run), so a
// member's cancel still stops the preparation instead of waiting for it to end.
//
// A heartbeat period is far longer than a batch, so while the run trains the handler also calls
// `checkNow` for every batch the child reports: one cheap status read, never two at once, and
// reads at least `minCheckSpacingMs` apart (a GPU step takes a few milliseconds; one read per
// batch would be hundreds a second per run). A batch that arrives while a read is in flight or
// too soon after one is answered by one later read, so a cancel is seen within the spacing plus
// a round trip and the child stops at the next batch boundary after that.
import { isTerminalRunStatus } from '@hpa-lab/ml/config';
import type { Logger } from 'pino';
import type { RunState, RunStatus, TrainerApi } from '../api-client/index.ts';

export interface HeartbeatLoop {
  /** Switches from watching the queued run to heartbeats of the running one. */
  markStarted(): void;
  /**
   * Reads the run's status, now or, when a read is in flight or the last one began less than
   * `minCheckSpacingMs` ago, once more as soon as it may; a stop is reported.
   */
  checkNow(): void;
  stop(): void;
}

export function startHeartbeats(options: {
  api: TrainerApi;
  runId: string;
  intervalMs: number;
  /** Least time between the starts of two `checkNow` reads; 100 ms unless given. */
  minCheckSpacingMs?: number;
  logger: Logger;
  onStopRequested: (status: RunStatus, reason: string | null) => void;
}): HeartbeatLoop {
  let started = false;
  let stopped = false;
  let busy = false;
  let checking = false;
  // A checkNow that came while a read was in flight: that read may have left before the news.
  let checkAgain = false;
  let lastCheckAt = Number.NEGATIVE_INFINITY;
  let deferred: ReturnType<typeof setTimeout> | undefined;
  const minSpacing = options.minCheckSpacingMs ?? 100;
  const readStatus = async (): Promise<RunState> => {
    if (started) return options.api.heartbeat(options.runId);
    const run = await options.api.runStatus(options.runId);
    // Deleted under us: nothing left to train for.
    return run ?? { status: 'CANCELLED', errorMessage: 'the run no longer exists' };
  };
  const judge = (run: RunState) => {
    // Only an end stops the run: QUEUED is still fine while preparing, and a RUNNING answer to
    // a read sent just before startRun returned is no reason to stop either.
    if (!stopped && isTerminalRunStatus(run.status)) {
      stopped = true;
      clearInterval(timer);
      clearTimeout(deferred);
      options.onStopRequested(run.status, run.errorMessage);
    }
  };
  const checkNow = () => {
    if (stopped || deferred) return; // a read that starts later answers this call too
    if (checking) {
      checkAgain = true;
      return;
    }
    const wait = lastCheckAt + minSpacing - Date.now();
    if (wait > 0) {
      deferred = setTimeout(() => {
        deferred = undefined;
        void check();
      }, wait);
      return;
    }
    void check();
  };
  const check = async () => {
    if (checking || stopped) return;
    checking = true;
    lastCheckAt = Date.now();
    try {
      const run = await options.api.runStatus(options.runId);
      judge(run ?? { status: 'CANCELLED', errorMessage: 'the run no longer exists' });
    } catch (error) {
      // The heartbeats and the next batch's read will tell; a failed read is no verdict.
      options.logger.debug({ err: error }, 'status read failed');
    } finally {
      checking = false;
      if (checkAgain) {
        checkAgain = false;
        checkNow();
      }
    }
  };
  const beat = async () => {
    if (busy || stopped) return;
    busy = true;
    try {
      judge(await readStatus());
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
    checkNow,
    stop() {
      stopped = true;
      clearInterval(timer);
      clearTimeout(deferred);
    },
  };
}
