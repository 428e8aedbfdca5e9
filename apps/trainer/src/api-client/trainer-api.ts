// A small typed client over the API for exactly what the trainer does: create/start/heartbeat/
// finish runs, log metrics and evaluations, upload artifacts.
import { ApiRequestError, DEFAULT_RETRY, withRetry, type RetryOptions } from './api-error.ts';
import { uploadArtifact, type UploadArtifactInput } from './artifact-upload.ts';
import { createGraphqlRequest, type ApiConnection } from './graphql-transport.ts';
import * as ops from './operations.ts';
import type {
  ArtifactInfo,
  CreateRunInput,
  FinishStatus,
  LogEvaluationInput,
  MetricPointInput,
  ProjectSummary,
  RunState,
  RunSummary,
  StartRunDetails,
} from './types.ts';

/** The API's limit per logMetrics call (apps/api MAX_POINTS_PER_CALL). */
export const MAX_POINTS_PER_CALL = 1000;

export interface TrainerApi {
  readonly connection: ApiConnection;
  projects(): Promise<ProjectSummary[]>;
  run(id: string): Promise<RunSummary | null>;
  /** The run's status alone; not retried (the next batch asks again). Null: no such run. */
  runStatus(id: string): Promise<RunState | null>;
  createRun(input: CreateRunInput): Promise<RunSummary>;
  /** Retried on transient failures; a retry that finds the run already RUNNING succeeds. */
  startRun(id: string, details?: StartRunDetails): Promise<RunSummary>;
  /** Returns the run's status: anything but RUNNING means stop. */
  heartbeat(id: string): Promise<RunState>;
  /** Retried on transient failures (see run/finish-or-accept.ts). */
  finishRun(id: string, status: FinishStatus, errorMessage?: string): Promise<RunSummary>;
  /** Splits into calls of at most 1,000 points; each is retried (the API is idempotent on
   * (run, key, step), so a retried batch never doubles). Returns the points written. */
  logMetrics(runId: string, points: readonly MetricPointInput[]): Promise<number>;
  logEvaluation(input: LogEvaluationInput): Promise<{ id: string }>;
  uploadArtifact(input: UploadArtifactInput): Promise<ArtifactInfo>;
}

export function createTrainerApi(
  connection: ApiConnection,
  retry: RetryOptions = DEFAULT_RETRY,
): TrainerApi {
  const request = createGraphqlRequest(connection);
  const api: TrainerApi = {
    connection,
    async projects() {
      const data = await request('projects', ops.PROJECTS, {});
      return data.projects;
    },
    async run(id) {
      const data = await request('run', ops.RUN, { id });
      return data.run;
    },
    async runStatus(id) {
      const data = await request('runStatus', ops.RUN_STATUS, { id });
      return data.run;
    },
    async createRun(input) {
      const data = await request('createRun', ops.CREATE_RUN, { input });
      return data.createRun;
    },
    async startRun(id, details = {}) {
      let attempts = 0;
      try {
        const data = await withRetry(() => {
          attempts += 1;
          return request('startRun', ops.START_RUN, {
            id,
            backend: details.backend ?? null,
            device: details.device ?? null,
            datasetFingerprint: details.datasetFingerprint ?? null,
            splitSeed: details.splitSeed ?? null,
          });
        }, retry);
        return data.startRun;
      } catch (error) {
        // A retry whose lost first attempt did start the run is refused as already RUNNING.
        const started =
          attempts > 1 &&
          error instanceof ApiRequestError &&
          error.code === 'INVALID_STATE' &&
          error.extensions.status === 'RUNNING';
        const run = started ? await api.run(id) : null;
        if (run) return run;
        throw error;
      }
    },
    async heartbeat(id) {
      const data = await request('heartbeat', ops.HEARTBEAT, { id });
      return data.heartbeat;
    },
    async finishRun(id, status, errorMessage) {
      // Retried: the end of a run must not be lost to a blip. A retry whose first attempt did
      // land gets INVALID_STATE with the run's status, which callers treat as done.
      const data = await withRetry(
        () =>
          request('finishRun', ops.FINISH_RUN, {
            id,
            status,
            errorMessage: errorMessage ?? null,
          }),
        retry,
      );
      return data.finishRun;
    },
    async logMetrics(runId, points) {
      let written = 0;
      for (let start = 0; start < points.length; start += MAX_POINTS_PER_CALL) {
        const batch = points.slice(start, start + MAX_POINTS_PER_CALL);
        const data = await withRetry(
          () => request('logMetrics', ops.LOG_METRICS, { runId, points: batch }),
          retry,
        );
        written += data.logMetrics.written;
      }
      return written;
    },
    async logEvaluation(input) {
      const data = await withRetry(
        () => request('logEvaluation', ops.LOG_EVALUATION, { input }),
        retry,
      );
      return data.logEvaluation;
    },
    uploadArtifact(input) {
      // Safe to retry: the API answers a re-sent identical upload with the stored artifact.
      return withRetry(() => uploadArtifact(connection, input), retry);
    },
  };
  return api;
}
