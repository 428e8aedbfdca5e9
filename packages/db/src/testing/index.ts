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
 *
 * Templates do not pile up: building one drops the templates it replaces, those whose migrations
 * are the same folders or a first part of them (an older main, or the newest migration before an
 * edit), and templates made before templates were labelled. Each template records its migration
 * names in its database comment. A template of a diverging branch (another folder where this one
 * has its own) is left alone: that branch's tests still use it. A template is dropped only under
 * its advisory lock, which every copy from it holds too, so no test's copy loses its template.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import { connectPostgres } from '../connection/database-url.ts';
import { PrismaClient } from '../generated/prisma/client.ts';
import {
  type CommittedMigration,
  sha256Hex,
  readMigrations,
} from '../migrations/migration-files.ts';
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
const TEMPLATE_PREFIX = 'hpa_tpl_';
const VARIABLE = 'TEST_DATABASE_URL';

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** The template of a set of migrations: named after their names and checksums. */
function templateNameOf(migrations: readonly CommittedMigration[]): string {
  const fingerprint = sha256Hex(migrations.map((m) => `${m.name}:${m.checksum}`).join('\n'));
  return `${TEMPLATE_PREFIX}${fingerprint.slice(0, 16)}`;
}

/** The name of the template createTestDatabase copies for a migrations folder. */
export async function testTemplateName(
  migrationsDir: string = dbPaths.migrations,
): Promise<string> {
  return templateNameOf(await readMigrations(migrationsDir));
}

/** What a template's database comment records: the migrations it was built from, in order. */
interface TemplateLabel {
  migrations: string[];
}

function parseLabel(comment: string | null): TemplateLabel | undefined {
  try {
    const label = JSON.parse(comment ?? '') as Partial<TemplateLabel>;
    return Array.isArray(label.migrations) ? { migrations: label.migrations } : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a template built from `old` is superseded by one built from `current`. */
export function templateReplaces(current: readonly string[], old: TemplateLabel | undefined) {
  if (!old) return true; // made before templates were labelled
  return (
    old.migrations.length <= current.length && old.migrations.every((m, i) => m === current[i])
  );
}

/** Takes a template's advisory lock; `wait: false` gives up at once when someone holds it. */
async function lockTemplate(admin: pg.Client, template: string, wait = true): Promise<boolean> {
  if (wait) {
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [template]);
    return true;
  }
  const { rows } = await admin.query<{ locked: boolean }>(
    'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
    [template],
  );
  return rows[0]?.locked === true;
}

async function unlockTemplate(admin: pg.Client, template: string): Promise<void> {
  await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [template]);
}

/** Drops the templates the one just built replaces; one in use now is left for a later build. */
async function dropReplacedTemplates(
  admin: pg.Client,
  built: string,
  migrations: readonly string[],
): Promise<void> {
  const { rows } = await admin.query<{ datname: string; comment: string | null }>(
    `SELECT datname, shobj_description(oid, 'pg_database') AS comment
       FROM pg_database WHERE starts_with(datname, $1) AND datname <> $2`,
    [TEMPLATE_PREFIX, built],
  );
  for (const { datname, comment } of rows) {
    if (!templateReplaces(migrations, parseLabel(comment))) continue;
    if (!(await lockTemplate(admin, datname, false))) continue;
    try {
      await admin.query(`ALTER DATABASE ${quoteIdent(datname)} WITH IS_TEMPLATE false`);
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`);
    } finally {
      await unlockTemplate(admin, datname);
    }
  }
}

/**
 * Creates `name` as a copy of the migrations' template, building the template first when it is
 * missing. The template's lock is held from the check to the end of the copy.
 */
async function copyTemplate(
  admin: pg.Client,
  baseUrl: string,
  dir: string,
  name: string,
): Promise<void> {
  const migrations = await readMigrations(dir);
  const template = templateNameOf(migrations);
  const names = migrations.map((m) => m.name);
  await lockTemplate(admin, template);
  try {
    const existing = await admin.query<{ datistemplate: boolean }>(
      'SELECT datistemplate FROM pg_database WHERE datname = $1',
      [template],
    );
    // IS_TEMPLATE is set last, so a template half-built by a killed process is rebuilt.
    if (!existing.rows[0]?.datistemplate) {
      await buildTemplate(admin, baseUrl, template, migrations);
      const label: TemplateLabel = { migrations: names };
      await admin.query(
        `COMMENT ON DATABASE ${quoteIdent(template)} IS ${quoteLiteral(JSON.stringify(label))}`,
      );
      await dropReplacedTemplates(admin, template, names);
    }
    await admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`);
  } finally {
    await unlockTemplate(admin, template);
  }
}

async function buildTemplate(
  admin: pg.Client,
  baseUrl: string,
  template: string,
  migrations: CommittedMigration[],
): Promise<void> {
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
    if (options.state === 'empty') {
      await admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0`);
    } else {
      await copyTemplate(admin, baseUrl, options.migrationsDir ?? dbPaths.migrations, name);
    }
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
