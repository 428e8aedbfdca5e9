// The launch queue as the API sees it. Two implementations share it: BullMQ over Redis (many
// trainer machines) and an in-process queue (embedded mode, no Redis).
import type { TrainJobData } from '@hpa-lab/contracts';

export type CancelOutcome =
  /** The job was still waiting and has been removed: no trainer will see it. */
  | 'removed'
  /** The job is being trained; the trainer is told through its heartbeat (or AbortSignal). */
  | 'signalled'
  /** The queue holds no job for this run (finished, or created outside the queue). */
  | 'not-found';

export interface QueueCounts {
  kind: 'bullmq' | 'in-process';
  waiting: number;
  /** Jobs a live worker is training (its lock is held). */
  active: number;
  /** Jobs marked active whose worker stopped renewing the lock: it died with them. */
  stalled: number;
  workers: number;
  /** The shell command that starts a worker for this queue (worker-command.ts). */
  workerCommand: string;
}

/** Where a run's job is, as the reconciler needs to know. */
export type JobState =
  | { state: 'waiting' | 'active' | 'completed' | 'missing' }
  /** Marked active, but no worker holds its lock any more. */
  | { state: 'stalled' }
  | { state: 'failed'; reason: string };

export interface LaunchQueue {
  enqueue(job: TrainJobData): Promise<void>;
  cancel(runId: string): Promise<CancelOutcome>;
  status(): Promise<QueueCounts>;
  /** Where the job of `runId` is; 'missing' when the queue does not know it. */
  jobState(runId: string): Promise<JobState>;
  /** Resolves when the queue's backend answers; throws when it does not. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
