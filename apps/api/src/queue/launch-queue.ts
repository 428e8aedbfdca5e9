// The launch queue as the API sees it. Two implementations share it: BullMQ over Redis (many
// trainer machines) and an in-process queue (embedded mode, no Redis).
import type { TrainJobData } from './contract.ts';

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
  active: number;
  workers: number;
}

export interface LaunchQueue {
  enqueue(job: TrainJobData): Promise<void>;
  cancel(runId: string): Promise<CancelOutcome>;
  status(): Promise<QueueCounts>;
  close(): Promise<void>;
}
