/**
 * A fresh, migrated PostgreSQL database for each test file, on the real local server.
 *
 *   import { createTestDatabase, type TestDatabase } from '@hpa-lab/db/testing';
 *
 *   let db: TestDatabase;
 *   beforeAll(async () => { db = await createTestDatabase(); });
 *   afterAll(() => db.drop());
 *   // db.prisma: a PrismaClient on it; db.url: its postgresql:// URL (for pg, the API, ...)
 *
 * The server is TEST_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres); the
 * role needs CREATEDB. The committed migrations are applied once to a template database
 * (named after their checksums, built under an advisory lock so parallel files build it once);
 * each call then copies it with CREATE DATABASE ... TEMPLATE, which takes ~0.1 s instead of
 * replaying migrations. drop() removes the copy WITH (FORCE). Copies left by a test process that
 * was killed are removed by the next call.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import { connectPostgres } from '../connection/database-url.ts';
import { PrismaClient } from '../generated/prisma/client.ts';
import { sha256Hex, readMigrations } from '../migrations/migration-files.ts';
import { deployMigrations } from '../migrations/runner.ts';
import { pgConnection } from '../migrations/sql-connection.ts';
import { dbPaths } from '../paths.ts';
import { isProcessAlive } from '../process-alive.ts';

export interface TestDatabase {
  /** The database's name, `hpa_test_<pid>_<random>`. */
  name: string;
  url: string;
  prisma: PrismaClient;
  /** Disconnects the client and drops the database, even if others are still connected. */
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Server to use; default TEST_DATABASE_URL or postgresql://postgres@127.0.0.1:5432/postgres. */
  baseUrl?: string;
  /** `empty`: no tables at all, for testing migrations themselves. Default `migrated`. */
  state?: 'migrated' | 'empty';
  /** Migrations for the template; default this package's committed ones. */
  migrationsDir?: string;
}

const DEFAULT_BASE_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
const TEST_DB_PREFIX = 'hpa_test_';
const VARIABLE = 'TEST_DATABASE_URL';

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function ensureTemplate(admin: pg.Client, baseUrl: string, dir: string): Promise<string> {
  const migrations = await readMigrations(dir);
  const fingerprint = sha256Hex(migrations.map((m) => `${m.name}:${m.checksum}`).join('\n'));
  const template = `hpa_tpl_${fingerprint.slice(0, 16)}`;
  await admin.query('SELECT pg_advisory_lock(hashtext($1))', [template]);
  try {
    const existing = await admin.query<{ datistemplate: boolean }>(
      'SELECT datistemplate FROM pg_database WHERE datname = $1',
      [template],
    );
    // IS_TEMPLATE is set last, so a template half-built by a killed process is rebuilt.
    if (existing.rows[0]?.datistemplate) return template;
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(template)} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${quoteIdent(template)}`);
    const session = await connectPostgres(withDatabase(baseUrl, template), { variable: VARIABLE });
    try {
      await deployMigrations(pgConnection(session), migrations);
    } finally {
      await session.end();
    }
    // No connections: CREATE DATABASE ... TEMPLATE fails while anyone is connected to it.
    await admin.query(
      `ALTER DATABASE ${quoteIdent(template)} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`,
    );
    return template;
  } finally {
    await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [template]);
  }
}

function isLocalServer(url: string): boolean {
  const host = new URL(url).hostname;
  return ['127.0.0.1', 'localhost', '[::1]', '::1', ''].includes(host);
}

/** Drops test databases whose test process no longer exists (it was killed before drop()). */
async function dropOrphans(admin: pg.Client, baseUrl: string): Promise<void> {
  // A pid only means something on the machine that runs the server.
  if (!isLocalServer(baseUrl)) return;
  const { rows } = await admin.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE $1`,
    [`${TEST_DB_PREFIX}%`],
  );
  for (const { datname } of rows) {
    const pid = Number(/^hpa_test_(\d+)_/.exec(datname)?.[1]);
    if (pid > 0 && !isProcessAlive(pid)) {
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`);
    }
  }
}

/** Creates this test file's own database; see the module comment. */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  // Test tooling, not product code: it reads its one setting itself so every test file does
  // not have to.
  const baseUrl = options.baseUrl ?? process.env.TEST_DATABASE_URL ?? DEFAULT_BASE_URL;
  const name = `${TEST_DB_PREFIX}${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = await connectPostgres(baseUrl, { variable: VARIABLE });
  try {
    await dropOrphans(admin, baseUrl);
    const template =
      options.state === 'empty'
        ? 'template0'
        : await ensureTemplate(admin, baseUrl, options.migrationsDir ?? dbPaths.migrations);
    await admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(baseUrl, name);
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 4 }) });
  return {
    name,
    url,
    prisma,
    async drop() {
      await prisma.$disconnect();
      const session = await connectPostgres(baseUrl, { variable: VARIABLE });
      try {
        await session.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      } finally {
        await session.end();
      }
    },
  };
}
