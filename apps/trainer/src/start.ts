// `npm start` of the trainer. With REDIS_URL it is the BullMQ worker. Without it (embedded
// mode) the API trains in-process, so there is nothing to do here; but the root `npm start`
// stops every app when one exits, so this process stays up idle until it is told to stop.
import { createLogger } from '@hpa-lab/logging';
import { loadTrainerEnv } from './env.ts';

const env = loadTrainerEnv();
if (env.redisUrl) {
  await import('./worker.ts');
} else {
  const logger = createLogger({
    level: env.logLevel,
    format: env.logFormat,
    name: 'hpa-lab-trainer',
  });
  logger.info(
    'embedded mode (no REDIS_URL): the API runs the trainer in-process; this process idles. ' +
      'Set REDIS_URL to run a BullMQ worker here, or use `npm run train -- --config run.json`.',
  );
  // Keeps the event loop alive without work; signals end it cleanly.
  const idle = setInterval(() => undefined, 2 ** 31 - 1);
  const stop = () => {
    clearInterval(idle);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
