// The training queue, as the API (producer) and the trainer (consumer) both see it: the BullMQ
// queue's name, one job's data, and what processes a job. In embedded mode (no Redis) the API's
// in-process queue calls a TrainJobProcessor directly; a BullMQ worker wraps the same one.
import { trainConfigSchema } from '@hpa-lab/ml/config';
import { z } from 'zod';

/** BullMQ queue name; the Redis key prefix is QUEUE_PREFIX, the same on both sides. */
export const TRAIN_QUEUE_NAME = 'train';

/** One training job; its BullMQ job id is the run id. */
export const trainJobDataSchema = z.object({
  runId: z.string().min(1),
  /** The run's stored config: parsed, defaults filled in. A worker validates it again. */
  config: trainConfigSchema,
});
export type TrainJobData = z.infer<typeof trainJobDataSchema>;

/** Where and as whom a processor talks to the API for one job. */
export interface JobApiConnection {
  /** Origin of the API, e.g. `http://127.0.0.1:4000`. */
  url: string;
  /** The in-process queue mints a key of the run's owner per job, revoked when the job ends. */
  key: string;
}

export interface TrainJobContext {
  /** Aborts when the job must stop: the run was cancelled, or the process shuts down. */
  signal: AbortSignal;
  /** Given by the API's in-process queue; it wins over the trainer's HPA_API_URL/HPA_API_KEY. */
  api?: JobApiConnection;
}

/**
 * What processes one job: `startRun` once the data is ready, heartbeats (stopping when the run
 * is no longer running, or when `signal` aborts), metrics and evaluations, artifacts, then
 * `finishRun`. A processor that throws leaves the run failed.
 */
export type TrainJobProcessor = (job: TrainJobData, context: TrainJobContext) => Promise<unknown>;
