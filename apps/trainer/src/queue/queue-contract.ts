// The queue contract as the trainer sees it; it mirrors apps/api/src/queue/contract.ts (a test
// checks both agree) so the worker does not depend on the API's source at run time.

/** BullMQ queue name; the Redis key prefix is QUEUE_PREFIX on both sides. */
export const TRAIN_QUEUE_NAME = 'train';

/** One training job; the job id is the run id. */
export interface TrainJobData {
  runId: string;
  /** The TrainConfig as the API validated it; the trainer validates it again. */
  config: unknown;
}

/**
 * What the API's in-process queue passes to the processor. `api` is optional so the API's
 * current contract (`{ signal }`) fits; when the API passes it, it wins over HPA_API_URL /
 * HPA_API_KEY (see README: what apps/api should pass).
 */
export interface TrainJobContext {
  signal: AbortSignal;
  api?: { url: string; key: string };
}
