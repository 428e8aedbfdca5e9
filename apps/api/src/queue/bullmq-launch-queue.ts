// Producer side of BullMQ. Workers live in apps/trainer (one per GPU); the API only adds,
// removes and counts jobs. Every operation fails within QUEUE_DEADLINE_MS when Redis is down.
import { TRAIN_QUEUE_NAME, type TrainJobData } from '@hpa-lab/contracts';
import { Queue, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { CancelOutcome, JobState, LaunchQueue, QueueCounts } from './launch-queue.ts';
import { QUEUE_DEADLINE_MS, withQueueDeadline } from './queue-deadline.ts';
import { bullmqWorkerCommand } from './worker-command.ts';

export interface BullmqQueueOptions {
  redisUrl: string;
  /** Redis key prefix; tests use a unique one per file so they never see each other's jobs. */
  prefix: string;
}

export function createBullmqLaunchQueue(options: BullmqQueueOptions): LaunchQueue & {
  queue: Queue<TrainJobData>;
} {
  // A producer never blocks on Redis, so unlike a worker's connection this one fails fast: no
  // offline queue (a command while disconnected is refused at once, instead of waiting for
  // Redis to return), one retry, and a command timeout for a Redis that hangs. ioredis keeps
  // reconnecting in the background, so the queue works again as soon as Redis is back.
  const connection = new Redis(options.redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: QUEUE_DEADLINE_MS,
    commandTimeout: QUEUE_DEADLINE_MS,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  // Without a listener ioredis prints every reconnect failure; the callers see the errors.
  connection.on('error', () => {});
  const queue = new Queue<TrainJobData>(TRAIN_QUEUE_NAME, { connection, prefix: options.prefix });
  queue.on('error', () => {});

  /**
   * A job is really active only while its worker renews its lock (BullMQ's `<job>:lock`, which
   * expires lockDuration, 30 s, after the worker died).
   */
  const lockHeld = async (job: Job<TrainJobData>): Promise<boolean> => {
    return (await connection.exists(queue.toKey(`${job.id}:lock`))) === 1;
  };

  return {
    queue,
    enqueue: (job) =>
      withQueueDeadline('enqueue the run', async () => {
        // The run id as job id makes a retried launch a no-op instead of a second training.
        await queue.add('train', job, {
          jobId: job.runId,
          attempts: 1,
          removeOnComplete: { age: 7 * 24 * 3600 },
          removeOnFail: { age: 30 * 24 * 3600 },
        });
      }),
    cancel: (runId) =>
      withQueueDeadline('remove the job', async (): Promise<CancelOutcome> => {
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
      }),
    status: () =>
      withQueueDeadline('read the queue status', async (): Promise<QueueCounts> => {
        const [counts, workers, activeJobs] = await Promise.all([
          queue.getJobCounts('waiting', 'delayed', 'prioritized'),
          queue.getWorkersCount(),
          queue.getActive(),
        ]);
        // With no worker connected, a held lock is only a dead worker's lock not yet expired.
        const held = workers > 0 ? await Promise.all(activeJobs.map(lockHeld)) : [];
        const active = held.filter(Boolean).length;
        return {
          kind: 'bullmq',
          waiting: (counts.waiting ?? 0) + (counts.delayed ?? 0) + (counts.prioritized ?? 0),
          active,
          stalled: activeJobs.length - active,
          workers,
          workerCommand: bullmqWorkerCommand(options.redisUrl, options.prefix),
        };
      }),
    jobState: (runId) =>
      withQueueDeadline('read the job', async (): Promise<JobState> => {
        const job = await queue.getJob(runId);
        if (!job) return { state: 'missing' };
        const state = await job.getState();
        switch (state) {
          case 'active':
            // A SIGKILLed worker's connection is gone at once, its lock only after lockDuration.
            return (await queue.getWorkersCount()) > 0 && (await lockHeld(job))
              ? { state: 'active' }
              : { state: 'stalled' };
          case 'completed':
            return { state: 'completed' };
          case 'failed':
            return { state: 'failed', reason: job.failedReason || 'no reason recorded' };
          case 'unknown':
            return { state: 'missing' };
          default:
            return { state: 'waiting' };
        }
      }),
    ping: () =>
      withQueueDeadline('reach Redis', async () => {
        await connection.ping();
      }),
    async close() {
      await queue.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
