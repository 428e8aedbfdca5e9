// The contract between the API (producer) and trainer workers (consumers). The trainer imports
// this file (`@hpa-lab/api/queue-contract`) so both sides agree on the queue name and job data.

/** BullMQ queue name; the Redis key prefix is configured separately (QUEUE_PREFIX). */
export const TRAIN_QUEUE_NAME = 'train';

/** The data of one training job. The job id is the run id. */
export interface TrainJobData {
  runId: string;
  /** The parsed TrainConfig (packages/ml), defaults filled in. */
  config: unknown;
}

/** Where and as whom the in-process processor talks to the API: a key minted for this job. */
export interface JobApiConnection {
  /** Origin of the API, e.g. `http://127.0.0.1:4000`. */
  url: string;
  /** An API key of the run's owner that expires and is revoked when the job ends. */
  key: string;
}

/**
 * What a worker must do with a job, in the in-process queue and in a BullMQ worker alike:
 * call `startRun`, send `heartbeat` at least every HEARTBEAT_TIMEOUT / 3 and stop when the
 * returned status is `CANCELLED` (or when `signal` aborts, in-process), log metrics and
 * evaluations, upload artifacts, then `finishRun`. Throwing marks the run failed.
 */
export type TrainJobProcessor = (
  job: TrainJobData,
  context: { signal: AbortSignal; api?: JobApiConnection },
) => Promise<void>;
