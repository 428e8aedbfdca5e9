// `@hpa-lab/trainer/processor`: the job processor (`TrainJobProcessor` of @hpa-lab/contracts)
// that apps/platform hands to the API's in-process queue (embedded mode, no Redis), and that
// the BullMQ worker wraps: one code path for both.
import type { TrainJobContext, TrainJobData } from '@hpa-lab/contracts';
import type { BackendChoice } from '@hpa-lab/ml/config';
import { createLogger } from '@hpa-lab/logging';
import type { Logger } from 'pino';
import { DEFAULT_RETRY, createTrainerApi, type ApiConnection } from './api-client/index.ts';
import { loadTrainerEnv } from './env.ts';
import { executeRun } from './run/execute-run.ts';
import { progressLogger } from './run/progress-log.ts';
import type { RunOutcome } from './run/run-outcome.ts';

export interface TrainerProcessorOptions {
  /** Where and as whom to log; a job's context.api overrides it. */
  api?: ApiConnection;
  home: string;
  logger: Logger;
  forceBackend?: BackendChoice;
  heartbeatIntervalMs: number;
  /** How long each API call is retried through an outage (DEFAULT_RETRY's 120 s if unset). */
  apiRetryBudgetMs?: number;
  metricFlushIntervalMs?: number;
  cancelGraceMs?: number;
  childLogLevel?: string;
}

export type TrainJobHandler = (job: TrainJobData, context: TrainJobContext) => Promise<RunOutcome>;

export function createTrainJobProcessor(options: TrainerProcessorOptions): TrainJobHandler {
  return async (job, context) => {
    const connection = context.api ?? options.api;
    if (!connection) {
      throw new Error(
        'the trainer has no API key: set HPA_API_KEY (and HPA_API_URL) for the process that ' +
          'runs the trainer',
      );
    }
    return executeRun({
      runId: job.runId,
      config: job.config,
      api: createTrainerApi(connection, {
        ...DEFAULT_RETRY,
        ...(options.apiRetryBudgetMs ? { budgetMs: options.apiRetryBudgetMs } : {}),
      }),
      home: options.home,
      logger: options.logger,
      onProgress: progressLogger(options.logger, job.runId),
      signal: context.signal,
      heartbeatIntervalMs: options.heartbeatIntervalMs,
      ...(options.forceBackend ? { forceBackend: options.forceBackend } : {}),
      ...(options.metricFlushIntervalMs
        ? { metricFlushIntervalMs: options.metricFlushIntervalMs }
        : {}),
      ...(options.cancelGraceMs ? { cancelGraceMs: options.cancelGraceMs } : {}),
      ...(options.childLogLevel ? { childLogLevel: options.childLogLevel } : {}),
    });
  };
}

let fromEnvironment: TrainJobHandler | undefined;

/**
 * The API's in-process queue calls this (apps/platform hands it over). Configuration comes
 * from the trainer's environment, read on the first job so importing this module has no
 * side effects. Throwing marks the run failed (the run is already finished by then).
 */
export async function processTrainJob(job: TrainJobData, context: TrainJobContext): Promise<void> {
  if (!fromEnvironment) {
    const env = loadTrainerEnv();
    fromEnvironment = createTrainJobProcessor({
      ...(env.apiKey ? { api: { url: env.apiUrl, key: env.apiKey } } : {}),
      home: env.home,
      logger: createLogger({ level: env.logLevel, format: env.logFormat, name: 'hpa-lab-trainer' }),
      heartbeatIntervalMs: env.heartbeatIntervalMs,
      apiRetryBudgetMs: env.apiRetryBudgetMs,
      ...(env.backend ? { forceBackend: env.backend } : {}),
    });
  }
  await fromEnvironment(job, context);
}
