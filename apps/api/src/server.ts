// The API process: reads the environment (src/env.ts), opens the database (PostgreSQL, or
// embedded PGlite when DATABASE_URL is absent), picks the queue (BullMQ with REDIS_URL,
// in-process otherwise) and the artifact store, starts the heartbeat sweeper, serves one port
// and shuts all of it down in order on SIGINT/SIGTERM. The in-process queue trains with the
// processor its caller hands over: apps/platform passes the trainer's, main.ts none.
import type { TrainJobProcessor } from '@hpa-lab/contracts';
import { openDatabase } from '@hpa-lab/db';
import { createLogger } from '@hpa-lab/logging';
import { generateApiKeySecret } from './auth/api-keys.ts';
import { startApi } from './app.ts';
import { DEFAULT_ADMISSION_LIMITS } from './graphql/member-admission.ts';
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
  /**
   * Embedded mode logs the first admin's new key and a one-time sign-in link; with this set it
   * leaves them to the caller (the handle's `adminAccess`), which shows them once in its own
   * words (the root `npm start`'s ready block) instead of as fields of a log line.
   */
  quietAdminAccess?: boolean;
}

/** What embedded mode hands the first admin: shown once, by the log or by the caller. */
export interface AdminAccess {
  email: string;
  /** Signs the admin in to the dashboard once, within the hour. */
  signInUrl: string;
  expiresAt: Date;
  /** The admin's API key, only on the start that created the admin (it is stored hashed). */
  createdApiKey?: string;
}

/** A started API server, for the process that composes it (apps/platform). */
export interface ApiServerHandle {
  /** Where it listens, e.g. http://127.0.0.1:4000 (GraphQL at /graphql). */
  url: string;
  /** Embedded: PGlite in HPA_LAB_HOME and the in-process queue; team: PostgreSQL (and Redis). */
  database: 'pglite' | 'postgres';
  queue: 'in-process' | 'bullmq';
  home: string;
  webUrl: string;
  adminAccess: AdminAccess | undefined;
  /**
   * A key of the first admin that expires after `ttlMs` (its `revoke` ends it sooner), for work
   * the platform does as that admin through the API (the demo runs); undefined without an admin.
   */
  mintAdminKey(name: string, ttlMs: number): Promise<MintedKey | undefined>;
}

export interface MintedKey {
  key: string;
  revoke(): Promise<void>;
}

export async function runApiServer(options: ApiServerOptions = {}): Promise<ApiServerHandle> {
  const env = loadEnv();
  const logger = createLogger({ level: env.logLevel, format: env.logFormat, name: 'hpa-lab-api' });

  const database = await openDatabase({
    databaseUrl: env.databaseUrl,
    home: env.home,
    statementTimeoutMs: env.statementTimeoutMs,
    poolSize: env.dbPoolSize,
  });
  const db = database.prisma;
  logger.info({ database: database.kind }, 'database ready');
  // Heavy reads get their own small pool on the same server (already migrated above), so they
  // cannot take the connections the trainers' writes and /healthz need. PGlite has one
  // connection: there they share it.
  const heavyDatabase =
    database.kind === 'postgres'
      ? await openDatabase({
          databaseUrl: env.databaseUrl,
          home: env.home,
          migrate: false,
          poolSize: env.heavyPoolSize,
          statementTimeoutMs: env.statementTimeoutMs,
        })
      : undefined;

  let adminAccess: AdminAccess | undefined;
  if (database.kind === 'pglite') {
    // Embedded mode: the first start creates the admin and prints its key once.
    const created = await bootstrapAdmin(db, { email: 'admin@hpa-lab.local', name: 'Admin' });
    if (created && !options.quietAdminAccess) {
      logger.warn(
        { email: created.member.email, project: created.project.slug, apiKey: created.secret },
        'created the first admin; this API key is shown only once',
      );
    }
    // A one-time link signs the first admin in to the dashboard (no key to copy).
    const admin = await firstAdmin(db);
    if (admin) {
      const { token, expiresAt } = await createSignInToken(db, admin.id);
      adminAccess = {
        email: admin.email,
        signInUrl: `${env.webUrl}/sign-in?token=${token}`,
        expiresAt,
        ...(created ? { createdApiKey: created.secret } : {}),
      };
      if (!options.quietAdminAccess) {
        logger.warn(
          { url: adminAccess.signInUrl, email: admin.email, expiresAt },
          'dashboard sign-in link for the first admin (works once, valid for an hour)',
        );
      }
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
      ...(heavyDatabase ? { heavyDb: heavyDatabase.prisma } : {}),
      queue,
      store,
      logger,
      notifications: database.notifications,
      home: env.home,
      production: env.nodeEnv === 'production',
      admission: {
        ...DEFAULT_ADMISSION_LIMITS,
        heavyPerMember: env.memberHeavyRequests,
        costPerWindow: env.memberCostPerMinute,
        windowMs: 60_000,
      },
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
    await heavyDatabase?.close();
    await database.close();
    logger.debug('database closed');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  return {
    url: api.url,
    database: database.kind,
    queue: env.redisUrl ? 'bullmq' : 'in-process',
    home: env.home,
    webUrl: env.webUrl,
    adminAccess,
    mintAdminKey: async (name, ttlMs) => {
      const admin = await firstAdmin(db);
      if (!admin) return undefined;
      const secret = generateApiKeySecret();
      const key = await db.apiKey.create({
        data: {
          memberId: admin.id,
          name,
          prefix: secret.prefix,
          hash: secret.hash,
          expiresAt: new Date(Date.now() + ttlMs),
        },
      });
      return {
        key: secret.secret,
        revoke: async () => {
          await db.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
        },
      };
    },
  };
}
