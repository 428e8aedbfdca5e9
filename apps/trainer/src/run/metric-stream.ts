// Buffers the per-batch points the child sends and logs them in batches: at 1,000 points (the
// API's limit per call), on a timer so curves stay live, and on demand (before an evaluation
// and at the end). Flushes never overlap, so points arrive in order.
//
// A refusal because the run has finished (a member cancelled it, the sweeper failed it) is not
// an error of the trainer: the stream reports it once, drops what it holds and takes no more
// points, so nothing further is sent to a run that accepts no writes.
import type { Logger } from 'pino';
import type { FinishStatus, MetricPointInput, TrainerApi } from '../api-client/index.ts';
import { MAX_POINTS_PER_CALL } from '../api-client/index.ts';
import { finishedStatusOf } from './finish-or-accept.ts';

export interface MetricStream {
  add(points: readonly MetricPointInput[]): Promise<void>;
  flush(): Promise<void>;
  /** Flushes what is left and stops the timer. */
  close(): Promise<void>;
  /** Drops the buffered points and ignores later ones: the run accepts no more writes. */
  discard(): void;
  /** Points the API acknowledged. */
  readonly written: number;
}

export function createMetricStream(options: {
  api: TrainerApi;
  runId: string;
  logger: Logger;
  flushIntervalMs: number;
  /** The API refused a batch because the run has finished with this status. */
  onRunFinished?: (status: FinishStatus) => void;
}): MetricStream {
  let buffer: MetricPointInput[] = [];
  let inFlight: Promise<void> = Promise.resolve();
  let written = 0;
  let failure: unknown;
  let discarded = false;

  const discard = () => {
    discarded = true;
    buffer = [];
  };

  const flush = (): Promise<void> => {
    inFlight = inFlight.then(async () => {
      if (failure !== undefined) throw failure;
      if (discarded || buffer.length === 0) return;
      const batch = buffer;
      buffer = [];
      try {
        written += await options.api.logMetrics(options.runId, batch);
      } catch (error) {
        const finished = finishedStatusOf(error);
        if (finished) {
          options.logger.info({ status: finished }, 'the run has finished: metrics dropped');
          discard();
          options.onRunFinished?.(finished);
          return;
        }
        // logMetrics already retried transient failures: what is left is fatal for the run.
        failure = error;
        throw error;
      }
    });
    return inFlight;
  };

  const timer = setInterval(() => {
    flush().catch((error: unknown) =>
      options.logger.error({ err: error }, 'logging metrics failed'),
    );
  }, options.flushIntervalMs);

  return {
    async add(points) {
      if (failure !== undefined) throw failure;
      if (discarded) return;
      buffer.push(...points);
      if (buffer.length >= MAX_POINTS_PER_CALL) await flush();
    },
    flush,
    discard,
    async close() {
      clearInterval(timer);
      await flush();
    },
    get written() {
      return written;
    },
  };
}
