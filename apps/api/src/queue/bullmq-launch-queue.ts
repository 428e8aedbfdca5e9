// Producer side of BullMQ. Workers live in apps/trainer (one per GPU); the API only adds,
// removes and counts jobs.
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { TRAIN_QUEUE_NAME, type TrainJobData } from './contract.ts';
import type { CancelOutcome, LaunchQueue, QueueCounts } from './launch-queue.ts';

export interface BullmqQueueOptions {
  redisUrl: string;
  /** Redis key prefix; tests use a unique one per file so they never see each other's jobs. */
  prefix: string;
}

export function createBullmqLaunchQueue(options: BullmqQueueOptions): LaunchQueue & {
  queue: Queue<TrainJobData>;
} {
  // maxRetriesPerRequest: null is what BullMQ requires of connections it blocks on.
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue<TrainJobData>(TRAIN_QUEUE_NAME, { connection, prefix: options.prefix });

  return {
    queue,
    async enqueue(job) {
      // The run id as job id makes a retried launch a no-op instead of a second training.
      await queue.add('train', job, {
        jobId: job.runId,
        attempts: 1,
        removeOnComplete: { age: 7 * 24 * 3600 },
        removeOnFail: { age: 30 * 24 * 3600 },
      });
    },
    async cancel(runId): Promise<CancelOutcome> {
      const job = await queue.getJob(runId);
      if (!job) return 'not-found';
      const state = await job.getState();
      if (state === 'waiting' || state === 'delayed' || state === 'prioritized') {
        try {
          await job.remove();
          return 'removed';
        } catch {
          // A worker locked it between getState and remove: it is running now.
          return 'signalled';
        }
      }
      return state === 'active' ? 'signalled' : 'not-found';
    },
    async status(): Promise<QueueCounts> {
      const [counts, workers] = await Promise.all([
        queue.getJobCounts('waiting', 'delayed', 'prioritized', 'active'),
        queue.getWorkersCount(),
      ]);
      return {
        kind: 'bullmq',
        waiting: (counts.waiting ?? 0) + (counts.delayed ?? 0) + (counts.prioritized ?? 0),
        active: counts.active ?? 0,
        workers,
      };
    },
    async close() {
      await queue.close();
      await connection.quit();
    },
  };
}
