// The BullMQ consumer: one job at a time per accelerator, training in a child process so this
// event loop stays free to renew job locks, heartbeats that tell a cancelled run to stop, and a
// bad config failed for good (UnrecoverableError) instead of retried.
import { TRAIN_QUEUE_NAME, type TrainJobData } from '@hpa-lab/contracts';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { createTrainJobProcessor, type TrainerProcessorOptions } from '../processor.ts';
import { ConfigRejectedError } from '../run/run-errors.ts';

export interface TrainWorkerOptions extends TrainerProcessorOptions {
  redisUrl: string;
  prefix: string;
  concurrency: number;
}

export interface TrainWorker {
  worker: Worker<TrainJobData>;
  /** Stops taking jobs, interrupts the running ones (their runs are failed) and disconnects. */
  close(reason: string): Promise<void>;
}

export function createTrainWorker(options: TrainWorkerOptions): TrainWorker {
  const { logger } = options;
  const processJob = createTrainJobProcessor(options);
  const active = new Set<AbortController>();
  // BullMQ blocks on this connection: it must not give up on slow commands.
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });

  const worker = new Worker<TrainJobData>(
    TRAIN_QUEUE_NAME,
    async (job: Job<TrainJobData>, _token?: string, signal?: AbortSignal) => {
      const controller = new AbortController();
      const forward = () => controller.abort(signal?.reason);
      signal?.addEventListener('abort', forward, { once: true });
      active.add(controller);
      try {
        const outcome = await processJob(job.data, { signal: controller.signal });
        return { status: outcome.status, bestMacroF1: outcome.bestMacroF1 };
      } catch (error) {
        if (error instanceof ConfigRejectedError) throw new UnrecoverableError(error.message);
        throw error;
      } finally {
        active.delete(controller);
        signal?.removeEventListener('abort', forward);
      }
    },
    {
      connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      // Training cannot resume: a job whose worker died is failed, not handed to another
      // worker (whose startRun would be refused); the API's sweeper fails its run.
      maxStalledCount: 0,
    },
  );
  worker.on('error', (error) => logger.error({ err: error }, 'worker error'));
  worker.on('failed', (job, error) =>
    logger.warn({ runId: job?.data.runId, err: error }, 'training job failed'),
  );
  worker.on('completed', (job, result: unknown) =>
    logger.info({ runId: job.data.runId, result }, 'training job done'),
  );

  return {
    worker,
    async close(reason) {
      for (const controller of active) controller.abort(reason);
      await worker.close();
      await connection.quit().catch(() => undefined);
    },
  };
}
