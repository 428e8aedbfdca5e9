// The API process: reads the environment (src/env.ts), opens the database (PostgreSQL, or
// embedded PGlite when DATABASE_URL is absent), picks the queue (BullMQ with REDIS_URL,
// in-process otherwise) and the artifact store, starts the heartbeat sweeper, serves one port
// and shuts all of it down in order on SIGINT/SIGTERM. The in-process queue trains with the
// processor its caller hands over: apps/platform passes the trainer's, main.ts none.
import type { TrainJobProcessor } from '@hpa-lab/contracts';
import { openDatabase } from '@hpa-lab/db';
import { pino } from 'pino';
import { startApi } from './app.ts';
import { loadEnv } from './env.ts';
import { createBullmqLaunchQueue } from './queue/bullmq-launch-queue.ts';
import { createInProcessLaunchQueue } from './queue/in-process-launch-queue.ts';
import type { LaunchQueue } from './queue/launch-queue.ts';
import { jobApiKeyPreparer } from './services/job-keys.ts';
import { markRunFailedOnJobError } from './services/launch.ts';
import { bootstrapAdmin } from './services/members.ts';
import { failRunsOfPreviousProcess } from './services/reconciler.ts';
import { createSignInToken, firstAdmin } from './services/sign-in-tokens.ts';
import { startSweeper } from './services/sweeper.ts';
import { createArtifactStore } from './store/create-artifact-store.ts';

export interface ApiServerOptions {
  /** What trains jobs of the in-process queue (no REDIS_URL); without it they wait. */
  processor?: TrainJobProcessor;
}

export async function runApiServer(options: ApiServerOptions = {}): Promise<void> {
  const env = loadEnv();
  const logger = pino({ level: env.logLevel, name: 'hpa-lab-api' });

  const database = await openDatabase({
    databaseUrl: env.databaseUrl,
    home: env.home,
    statementTimeoutMs: env.statementTimeoutMs,
  });
  const db = database.prisma;
  logger.info({ database: database.kind }, 'database ready');

  if (database.kind === 'pglite') {
    // Embedded mode: the first start creates the admin and prints its key once.
    const created = await bootstrapAdmin(db, { email: 'admin@hpa-lab.local', name: 'Admin' });
    if (created) {
      logger.warn(
        { email: created.member.email, project: created.project.slug, apiKey: created.secret },
        'created the first admin; this API key is shown only once',
      );
    }
  }

  if (database.kind === 'pglite') {
    // Embedded mode: a one-time link signs the first admin in to the dashboard (no key to copy).
    const admin = await firstAdmin(db);
    if (admin) {
      const { token, expiresAt } = await createSignInToken(db, admin.id);
      logger.warn(
        { url: `${env.webUrl}/sign-in?token=${token}`, email: admin.email, expiresAt },
        'dashboard sign-in link for the first admin (works once, valid for an hour)',
      );
    }
  }

  if (database.kind === 'pglite') {
    // PGlite admits one process: a run still running was trained by our previous process.
    const orphaned = await failRunsOfPreviousProcess(db);
    if (orphaned.count > 0) {
      logger.warn({ runIds: orphaned.ids }, 'failed the runs the previous process was training');
    }
  }

  // Known once the server listens; jobs only start after a launch, i.e. after that.
  let apiUrl = '';
  let queue: LaunchQueue;
  if (env.redisUrl) {
    queue = createBullmqLaunchQueue({ redisUrl: env.redisUrl, prefix: env.queuePrefix });
  } else {
    const { processor } = options;
    if (!processor) {
      logger.warn(
        'no in-process trainer (start @hpa-lab/platform, or the root `npm start`, to train here): ' +
          'launched runs wait in the queue',
      );
    }
    queue = createInProcessLaunchQueue({
      logger: logger.child({ module: 'in-process-queue' }),
      ...(processor ? { processor } : {}),
      prepareJob: jobApiKeyPreparer(db, () => apiUrl),
      onJobFailed: markRunFailedOnJobError(db),
    });
  }

  const store = createArtifactStore(env);
  const api = await startApi(
    {
      db,
      queue,
      store,
      logger,
      production: env.nodeEnv === 'production',
      maxArtifactBytes: env.maxArtifactBytes,
    },
    env.port,
    env.host,
  );
  apiUrl = api.url;
  const sweeper = startSweeper({
    db,
    logger: logger.child({ module: 'sweeper' }),
    timeoutMs: env.heartbeatTimeoutMs,
    intervalMs: env.sweepIntervalMs,
    queue,
    reconcileGraceMs: env.reconcileGraceMs,
  });
  // At once too: runs whose jobs a restart lost are re-enqueued without waiting an interval.
  void sweeper.sweep();
  logger.info(
    { url: `${api.url}/graphql`, queue: env.redisUrl ? 'bullmq' : 'in-process' },
    'API listening',
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // A stuck connection must not keep a stopped API alive forever.
    setTimeout(() => {
      logger.error('shutdown took longer than 20 s; exiting');
      process.exit(1);
    }, 20_000).unref();
    sweeper.stop();
    // The queue first: an in-process job is interrupted and records that through this API
    // (checkpoint upload, finishRun), so HTTP must still be up; waiting jobs stay queued in the
    // database and the next start re-enqueues them.
    await queue.close();
    logger.debug('queue closed');
    await api.close();
    logger.debug('HTTP server closed');
    await database.close();
    logger.debug('database closed');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
