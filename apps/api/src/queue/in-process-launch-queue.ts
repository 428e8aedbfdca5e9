// The embedded-mode queue: same interface as BullMQ, jobs run one at a time (one machine, one
// accelerator) through an injected processor. Without a processor jobs wait, as they would on
// a Redis queue with no worker connected.
import type { JobApiConnection, TrainJobData, TrainJobProcessor } from '@hpa-lab/contracts';
import type { Logger } from 'pino';
import { ApiError } from '../lib/errors.ts';
import type { CancelOutcome, JobState, LaunchQueue, QueueCounts } from './launch-queue.ts';
import { EMBEDDED_COMMAND } from './worker-command.ts';

export interface InProcessQueueOptions {
  processor?: TrainJobProcessor;
  logger: Logger;
  /** Gives a job its API connection (a job-scoped key) and takes it back when the job ends. */
  prepareJob?: (job: TrainJobData) => Promise<{ api: JobApiConnection; release(): Promise<void> }>;
  /** Called when the processor throws, so the caller can mark the run failed. */
  onJobFailed?: (job: TrainJobData, error: unknown) => Promise<void>;
}

export function createInProcessLaunchQueue(options: InProcessQueueOptions): LaunchQueue {
  const waiting: TrainJobData[] = [];
  let active: { job: TrainJobData; controller: AbortController; done: Promise<void> } | null = null;
  let closed = false;

  const runNext = (): void => {
    if (closed || active || !options.processor) return;
    const job = waiting.shift();
    if (!job) return;
    const controller = new AbortController();
    const processor = options.processor;
    const done = (async () => {
      let release: (() => Promise<void>) | undefined;
      try {
        const prepared = await options.prepareJob?.(job);
        release = prepared?.release;
        await processor(job, {
          signal: controller.signal,
          ...(prepared ? { api: prepared.api } : {}),
        });
      } catch (error) {
        if (controller.signal.aborted) {
          // Stopped by close() (the API shutting down): the trainer has said why; no trace.
          options.logger.warn(
            { runId: job.runId },
            'training job interrupted by the shutdown; the run is marked failed',
          );
        } else {
          options.logger.error({ err: error, runId: job.runId }, 'training job failed');
        }
        await options.onJobFailed?.(job, error).catch((hookError: unknown) => {
          options.logger.error({ err: hookError, runId: job.runId }, 'onJobFailed failed');
        });
      } finally {
        await release?.().catch((releaseError: unknown) => {
          options.logger.error({ err: releaseError, runId: job.runId }, 'releasing job failed');
        });
        active = null;
        // setImmediate: start the next job outside this one's call stack.
        setImmediate(runNext);
      }
    })();
    active = { job, controller, done };
  };

  return {
    async enqueue(job) {
      if (closed) {
        throw new ApiError('SERVICE_UNAVAILABLE', 'The API is shutting down: launch again later');
      }
      if (active?.job.runId === job.runId || waiting.some((w) => w.runId === job.runId)) return;
      waiting.push(job);
      runNext();
    },
    async cancel(runId): Promise<CancelOutcome> {
      const index = waiting.findIndex((job) => job.runId === runId);
      if (index >= 0) {
        waiting.splice(index, 1);
        return 'removed';
      }
      if (active?.job.runId === runId) {
        active.controller.abort(new Error('run cancelled'));
        return 'signalled';
      }
      return 'not-found';
    },
    async status(): Promise<QueueCounts> {
      return {
        kind: 'in-process',
        waiting: waiting.length,
        active: active ? 1 : 0,
        stalled: 0,
        workers: options.processor ? 1 : 0,
        workerCommand: EMBEDDED_COMMAND,
      };
    },
    async jobState(runId): Promise<JobState> {
      if (active?.job.runId === runId) return { state: 'active' };
      if (waiting.some((job) => job.runId === runId)) return { state: 'waiting' };
      return { state: 'missing' };
    },
    async ping() {},
    async close() {
      closed = true;
      if (waiting.length > 0) {
        options.logger.info(
          { runIds: waiting.map((job) => job.runId) },
          'leaving waiting runs queued: the next start re-enqueues them',
        );
      }
      waiting.length = 0;
      if (active) {
        active.controller.abort(new Error('API shutting down'));
        await active.done;
      }
    },
  };
}
