import { cp, mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../testing/index.ts';
import { createTestDatabase } from '../testing/index.ts';
import { dbPaths } from '../paths.ts';
import { MigrationFailedError, MigrationHistoryError } from './errors.ts';
import { readMigrations, sha256Hex } from './migration-files.ts';
import { deployMigrationsFrom } from './runner.ts';
import type { SqlConnection } from './sql-connection.ts';
import { pgConnection, pgliteConnection } from './sql-connection.ts';

const MODEL_TABLES = [
  'AliasPromotion',
  'ApiKey',
  'Artifact',
  'Evaluation',
  'Member',
  'MetricPoint',
  'ModelAlias',
  'ModelVersion',
  'Project',
  'RegisteredModel',
  'Run',
  'SignInToken',
];

async function tables(connection: SqlConnection): Promise<string[]> {
  const rows = await connection.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = 'public' ORDER BY table_name`,
  );
  return rows.map((row) => row.table_name);
}

async function history(connection: SqlConnection) {
  return connection.query<{ migration_name: string; checksum: string; finished: boolean }>(
    `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished
     FROM "_prisma_migrations" ORDER BY migration_name`,
  );
}

/** A scratch copy of the committed migrations that a test may add to or edit. */
let scratchDir = '';
beforeEach(async () => {
  scratchDir = await mkdtemp(join(tmpdir(), 'hpa-db-runner-'));
  await cp(dbPaths.migrations, scratchDir, { recursive: true });
});
afterEach(() => rm(scratchDir, { recursive: true, force: true }));

async function addMigration(name: string, sql: string): Promise<void> {
  await mkdir(join(scratchDir, name));
  await writeFile(join(scratchDir, name, 'migration.sql'), sql);
}

describe('deploy to an empty PostgreSQL', () => {
  let db: TestDatabase;
  let client: pg.Client;
  let connection: SqlConnection;
  beforeEach(async () => {
    db = await createTestDatabase({ state: 'empty' });
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    connection = pgConnection(client);
  });
  afterEach(async () => {
    await client.end();
    await db.drop();
  });

  it('creates every table and records each migration with its checksum, once', async () => {
    const committed = await readMigrations(dbPaths.migrations);
    const first = await deployMigrationsFrom(connection, dbPaths.migrations);
    expect(first.applied).toEqual(committed.map((m) => m.name));
    expect(await tables(connection)).toEqual(['_prisma_migrations', ...MODEL_TABLES].sort());
    expect(await history(connection)).toEqual(
      committed.map((m) => ({ migration_name: m.name, checksum: m.checksum, finished: true })),
    );

    const second = await deployMigrationsFrom(connection, dbPaths.migrations);
    expect(second).toEqual({ applied: [], alreadyApplied: committed.length });
  });

  it('rolls a failing migration back completely and names its file and line', async () => {
    await deployMigrationsFrom(connection, scratchDir);
    await connection.query(`INSERT INTO "Project" (id, slug, name) VALUES ($1, 'kept', 'Kept')`, [
      '00000000-0000-4000-8000-000000000001',
    ]);
    await addMigration(
      '29990101000000_breaks',
      [
        'CREATE TABLE "Scratch" (id int);',
        `UPDATE "Project" SET name = 'changed';`,
        'ALTER TABLE "Project" ADD COLUMN "color" TEXT;',
        'SELECT * FROM "NoSuchTable";',
      ].join('\n'),
    );

    const failure = await deployMigrationsFrom(connection, scratchDir).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(MigrationFailedError);
    expect((failure as Error).message).toContain(
      `${join(scratchDir, '29990101000000_breaks', 'migration.sql')}:4: relation "NoSuchTable" does not exist`,
    );

    expect(await tables(connection)).not.toContain('Scratch');
    const columns = await connection.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'Project'`,
    );
    expect(columns.map((c) => c.column_name)).not.toContain('color');
    expect(await connection.query(`SELECT slug, name FROM "Project"`)).toEqual([
      { slug: 'kept', name: 'Kept' },
    ]);
    expect((await history(connection)).map((row) => row.migration_name)).not.toContain(
      '29990101000000_breaks',
    );
  });

  it('refuses, applying nothing, when an applied migration was edited', async () => {
    const [init] = await readMigrations(scratchDir);
    await deployMigrationsFrom(connection, scratchDir);
    await writeFile(init!.file, `${init!.sql}\n-- an edit\n`);
    await addMigration('29990101000000_pending', 'CREATE TABLE "Pending" (id int);');

    await expect(deployMigrationsFrom(connection, scratchDir)).rejects.toThrow(
      new MigrationHistoryError(
        `${init!.file} was edited after it was applied (checksum ${init!.checksum.slice(0, 12)}… ` +
          `recorded, ${sha256Hex(`${init!.sql}\n-- an edit\n`).slice(0, 12)}… now); restore it ` +
          'and put the change in a new migration',
      ),
    );
    expect(await tables(connection)).not.toContain('Pending');
  });

  it('refuses when the database has a migration this folder lacks', async () => {
    await addMigration('29990101000000_newer', 'CREATE TABLE "Newer" (id int);');
    await deployMigrationsFrom(connection, scratchDir);
    await rm(join(scratchDir, '29990101000000_newer'), { recursive: true });
    await expect(deployMigrationsFrom(connection, scratchDir)).rejects.toThrow(
      /29990101000000_newer is applied to the database but missing from the migrations folder/,
    );
  });

  it('applies each migration once when several processes deploy at the same time', async () => {
    const others = await Promise.all(
      [1, 2, 3].map(async () => {
        const other = new pg.Client({ connectionString: db.url });
        await other.connect();
        return other;
      }),
    );
    try {
      const results = await Promise.all(
        others.map((other) => deployMigrationsFrom(pgConnection(other), dbPaths.migrations)),
      );
      expect(results.flatMap((r) => r.applied)).toHaveLength(
        (await readMigrations(dbPaths.migrations)).length,
      );
      expect((await history(connection)).length).toBe(results.flatMap((r) => r.applied).length);
    } finally {
      await Promise.all(others.map((other) => other.end()));
    }
  });
});

describe('deploy to PGlite', () => {
  // One in-memory PGlite for the file: its initdb costs seconds.
  let db: PGlite;
  beforeAll(async () => {
    db = new PGlite();
    await db.waitReady;
  });
  afterAll(() => db.close());

  it('creates every table, then rolls back a failing migration the same way', async () => {
    const connection = pgliteConnection(db);
    const committed = await readMigrations(dbPaths.migrations);
    expect((await deployMigrationsFrom(connection, scratchDir)).applied).toEqual(
      committed.map((m) => m.name),
    );
    expect(await tables(connection)).toEqual(['_prisma_migrations', ...MODEL_TABLES].sort());
    expect((await history(connection)).every((row) => row.finished)).toBe(true);

    await addMigration(
      '29990101000000_breaks',
      'CREATE TABLE "Scratch" (id int);\nSELECT * FROM "NoSuchTable";',
    );
    await expect(deployMigrationsFrom(connection, scratchDir)).rejects.toThrow(
      /29990101000000_breaks.*migration\.sql:2: relation "NoSuchTable" does not exist/,
    );
    expect(await tables(connection)).not.toContain('Scratch');
    expect(await history(connection)).toHaveLength(committed.length);
  });
});
