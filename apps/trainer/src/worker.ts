// `npm run worker`: a BullMQ trainer worker (one per GPU). Needs REDIS_URL and HPA_API_KEY.
import { createLogger } from '@hpa-lab/logging';
import { loadTrainerEnv, requireApiKey } from './env.ts';
import { createTrainWorker } from './queue/train-worker.ts';

const env = loadTrainerEnv();
const logger = createLogger({
  level: env.logLevel,
  format: env.logFormat,
  name: 'hpa-lab-trainer',
});
if (!env.redisUrl) {
  throw new Error('Invalid environment for apps/trainer: REDIS_URL is required by the worker');
}
const trainer = createTrainWorker({
  redisUrl: env.redisUrl,
  prefix: env.queuePrefix,
  concurrency: env.concurrency,
  api: { url: env.apiUrl, key: requireApiKey(env) },
  home: env.home,
  logger,
  heartbeatIntervalMs: env.heartbeatIntervalMs,
  apiRetryBudgetMs: env.apiRetryBudgetMs,
  ...(env.backend ? { forceBackend: env.backend } : {}),
});
logger.info(
  { queue: 'train', prefix: env.queuePrefix, concurrency: env.concurrency, api: env.apiUrl },
  'trainer worker waiting for jobs',
);

let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down: interrupting running jobs');
  trainer
    .close(`worker received ${signal}`)
    .then(() => process.exit(0))
    .catch((error: unknown) => {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    });
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
