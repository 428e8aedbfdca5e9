import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runDbCli } from './cli/run-tsx.ts';
import { DatabaseUrlError } from './connection/database-url.ts';
import { DataDirInUseError } from './embedded/data-dir-lock.ts';
import { readMigrations } from './migrations/migration-files.ts';
import { openDatabase } from './open-database.ts';
import { dbPaths } from './paths.ts';
import type { TestDatabase } from './testing/index.ts';
import { createTestDatabase } from './testing/index.ts';

let home = '';
let migrationNames: string[] = [];
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'hpa-db-home-'));
  migrationNames = (await readMigrations(dbPaths.migrations)).map((m) => m.name);
});
afterAll(() => rm(home, { recursive: true, force: true }));

describe('openDatabase with a postgresql:// URL', () => {
  let server: TestDatabase;
  beforeAll(async () => {
    server = await createTestDatabase({ state: 'empty' });
  });
  afterAll(() => server.drop());

  it('migrates the server on open and works through the pg adapter', async () => {
    const db = await openDatabase({ databaseUrl: server.url, home });
    try {
      expect(db.kind).toBe('postgres');
      expect(db.migrations?.applied).toEqual(migrationNames);
      const project = await db.prisma.project.create({ data: { slug: 'pg', name: 'On PG' } });
      expect(await db.prisma.project.findUnique({ where: { slug: 'pg' } })).toEqual(project);
    } finally {
      await db.close();
    }
    const again = await openDatabase({ databaseUrl: server.url, home });
    expect(again.migrations).toEqual({ applied: [], alreadyApplied: migrationNames.length });
    await again.close();
  });
});

describe('openDatabase without a URL (embedded PGlite in <home>/pglite)', () => {
  const opened: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((db) => db.close()));
  });

  it('creates and migrates the data folder, keeps data across reopen, one process at a time', async () => {
    const first = await openDatabase({ home });
    opened.push(first);
    expect(first.kind).toBe('pglite');
    expect(first.migrations?.applied).toEqual(migrationNames);
    await first.prisma.project.create({ data: { slug: 'kept', name: 'Kept on disk' } });

    await expect(openDatabase({ home })).rejects.toThrow(DataDirInUseError);
    await first.close();
    opened.length = 0;
    // A lock left by a process that died (pid above Linux's pid_max) does not block the next open.
    await writeFile(join(home, 'pglite.lock'), '4194305\n');

    const reopened = await openDatabase({ home });
    opened.push(reopened);
    expect(reopened.migrations?.applied).toEqual([]);
    expect(await reopened.prisma.project.findUnique({ where: { slug: 'kept' } })).toMatchObject({
      name: 'Kept on disk',
    });
  });
});

describe('a bad DATABASE_URL', () => {
  it('is one line naming the variable and the host', async () => {
    await expect(
      openDatabase({ databaseUrl: 'postgresql://postgres@127.0.0.1:5999/hpa', home }),
    ).rejects.toThrow(
      new DatabaseUrlError('DATABASE_URL', 'cannot connect to 127.0.0.1:5999 (ECONNREFUSED)'),
    );
    await expect(
      openDatabase({ databaseUrl: 'postgresql://postgres@127.0.0.1:5432/no_such_db', home }),
    ).rejects.toThrow(
      'DATABASE_URL: cannot connect to 127.0.0.1:5432 (database "no_such_db" does not exist)',
    );
  });

  it('is rejected before connecting when malformed, without echoing a password', async () => {
    const malformed = openDatabase({ databaseUrl: 'postgresql://u:s3cret@[bad/hpa', home });
    await expect(malformed).rejects.toThrow(DatabaseUrlError);
    await expect(malformed).rejects.not.toThrow(/s3cret/);
    await expect(openDatabase({ databaseUrl: 'mysql://u@db:3306/hpa', home })).rejects.toThrow(
      'DATABASE_URL: unsupported scheme "mysql://"',
    );
  });

  it.each([
    ['postgresql://postgres@127.0.0.1:5999/hpa', 'cannot connect to 127.0.0.1:5999 (ECONNREFUSED)'],
    [
      'postgresql://u:pw@host:port/hpa',
      'not a valid URL (expected postgresql://user:password@host:5432/database)',
    ],
  ])('stops db:deploy with one line and exit code 1, no stack trace (%s)', async (url, line) => {
    const result = await runDbCli('deploy', [], { ...process.env, DATABASE_URL: url });
    expect(result).toEqual({ code: 1, stdout: '', stderr: `DATABASE_URL: ${line}\n` });
  });
});
