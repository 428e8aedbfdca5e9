import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { connectPostgres } from './connection/database-url.ts';
import { openEmbeddedDatabase } from './embedded/embedded-database.ts';
import { PrismaClient } from './generated/prisma/client.ts';
import type { DeployResult } from './migrations/runner.ts';
import { deployMigrationsFrom } from './migrations/runner.ts';
import { pgConnection, pgliteConnection } from './migrations/sql-connection.ts';
import { dbPaths } from './paths.ts';
import {
  pgliteNotifications,
  postgresNotifications,
  type NotificationSource,
} from './live-events.ts';

export interface OpenDatabaseOptions {
  /** A postgresql:// URL; when absent the embedded PGlite in `<home>/pglite` is used. */
  databaseUrl?: string | undefined;
  /** The hpa-lab home (HPA_LAB_HOME, see defaultHpaLabHome()); holds the embedded database. */
  home: string;
  /** Apply pending committed migrations on open (default true). */
  migrate?: boolean;
  /** How errors name the URL's source (default `DATABASE_URL`). */
  variable?: string;
  /** Most connections the Prisma client's pool opens to a server (default 10). */
  poolSize?: number;
  /**
   * PostgreSQL's statement_timeout on every pooled connection, in ms (default: none). A server
   * sets it so no single query can hold a connection (and its request) for long.
   */
  statementTimeoutMs?: number;
  /** Called when a pooled server connection fails while idle (e.g. the server restarted). */
  onConnectionError?: (error: Error) => void;
  /** Another migrations folder (tests); defaults to this package's committed migrations. */
  migrationsDir?: string;
  /** Called with each statement the client sends (Prisma's query log): tests count them. */
  onQuery?: (query: string) => void;
}

function createClient(adapter: PrismaPg | PrismaPGlite, onQuery: OpenDatabaseOptions['onQuery']) {
  if (!onQuery) return new PrismaClient({ adapter });
  const prisma = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] });
  prisma.$on('query', (event) => onQuery(event.query));
  return prisma;
}

export interface Database {
  prisma: PrismaClient;
  kind: 'postgres' | 'pglite';
  /** What the migrations on open applied; null when `migrate: false`. */
  migrations: DeployResult | null;
  /** Where live updates are LISTENed for (see live-events.ts); connects only when used. */
  notifications: NotificationSource;
  close(): Promise<void>;
}

async function openPostgres(databaseUrl: string, options: OpenDatabaseOptions): Promise<Database> {
  // One plain session first: it proves the URL works (a clear DatabaseUrlError otherwise,
  // before Prisma's pool would fail lazily on the first query) and runs the migrations.
  const session = await connectPostgres(databaseUrl, { variable: options.variable });
  let migrations: DeployResult | null = null;
  try {
    if (options.migrate ?? true) {
      migrations = await deployMigrationsFrom(
        pgConnection(session),
        options.migrationsDir ?? dbPaths.migrations,
      );
    }
  } finally {
    await session.end();
  }
  const onError = options.onConnectionError ?? (() => {});
  const adapter = new PrismaPg(
    {
      connectionString: databaseUrl,
      max: options.poolSize ?? 10,
      ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    },
    { onPoolError: onError, onConnectionError: onError },
  );
  const prisma = createClient(adapter, options.onQuery);
  return {
    prisma,
    kind: 'postgres',
    migrations,
    notifications: postgresNotifications(databaseUrl, { variable: options.variable }),
    close: () => prisma.$disconnect(),
  };
}

async function openPGlite(options: OpenDatabaseOptions): Promise<Database> {
  const embedded = await openEmbeddedDatabase(options.home);
  let migrations: DeployResult | null = null;
  try {
    if (options.migrate ?? true) {
      migrations = await deployMigrationsFrom(
        pgliteConnection(embedded.db),
        options.migrationsDir ?? dbPaths.migrations,
      );
    }
  } catch (error) {
    await embedded.close();
    throw error;
  }
  const prisma = createClient(new PrismaPGlite(embedded.db), options.onQuery);
  return {
    prisma,
    kind: 'pglite',
    migrations,
    notifications: pgliteNotifications(embedded.db),
    async close() {
      await prisma.$disconnect();
      await embedded.close();
    },
  };
}

/**
 * Opens hpa-lab's database and returns a Prisma client on it: the PostgreSQL server named by
 * `databaseUrl`, or else the embedded PGlite kept in `<home>/pglite` (one process at a time).
 * Both are brought up to date with the committed migrations first, under Prisma's migration
 * lock, so several API instances may start at once.
 *
 * Throws DatabaseUrlError (one line naming the variable and host) for a malformed or
 * unreachable URL, MigrationFailedError / MigrationHistoryError when migrating fails.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options) : openPGlite(options);
}
