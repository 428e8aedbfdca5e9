import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDbCli } from '../cli/run-tsx.ts';
import { dbPaths } from '../paths.ts';
import { readMigrations } from './migration-files.ts';
import { createMigration, diffMigrationsToSchema } from './schema-engine-commands.ts';

// A copy of the schema and migrations, so the test can change the schema without touching the
// committed files.
let dir = '';
let schemaPath = '';
let migrationsDir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hpa-db-check-'));
  schemaPath = join(dir, 'schema.prisma');
  migrationsDir = join(dir, 'migrations');
  await cp(dbPaths.schema, schemaPath);
  await cp(dbPaths.migrations, migrationsDir, { recursive: true });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const withoutDatabase = { ...process.env, DATABASE_URL: '' };

describe('db:check', () => {
  it('passes on the committed schema and migrations', async () => {
    const result = await runDbCli('check', [], withoutDatabase);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('fails on a schema changed without a migration, printing the missing SQL', async () => {
    const schema = await readFile(schemaPath, 'utf8');
    const changed = schema.replace(
      '  errorMessage       String?',
      '  errorMessage String?\n  notes String?',
    );
    expect(changed).not.toBe(schema);
    await writeFile(schemaPath, changed);

    const result = await runDbCli(
      'check',
      ['--schema', schemaPath, '--migrations', migrationsDir],
      withoutDatabase,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ALTER TABLE "Run" ADD COLUMN     "notes" TEXT;');
  });

  it('passes again once db:migrate has written the missing migration', async () => {
    const before = await readMigrations(migrationsDir);
    const created = await createMigration({ schemaPath, migrationsDir, name: 'add run notes' });
    expect(created?.name).toMatch(/^\d{14}_add_run_notes$/);
    expect(created?.sql).toContain('"notes" TEXT');
    const after = await readMigrations(migrationsDir);
    expect(after.map((m) => m.name)).toEqual([...before.map((m) => m.name), created?.name]);

    expect(await diffMigrationsToSchema({ schemaPath, migrationsDir })).toBe('');
    // Nothing left to migrate: no empty folder is written.
    expect(await createMigration({ schemaPath, migrationsDir, name: 'again' })).toBeNull();
    expect(await readMigrations(migrationsDir)).toHaveLength(after.length);
  });
});
