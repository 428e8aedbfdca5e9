import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testTemplateName } from './index.ts';

const baseUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
let admin: pg.Client;
beforeAll(async () => {
  admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
});
afterAll(() => admin.end());

async function databaseExists(name: string): Promise<boolean> {
  const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  return rowCount === 1;
}

describe('createTestDatabase', () => {
  it('gives parallel callers separate migrated databases and drops each without a trace', async () => {
    // Four at once stands in for four test files starting together in parallel workers.
    const dbs = await Promise.all([1, 2, 3, 4].map(() => createTestDatabase()));
    try {
      expect(new Set(dbs.map((db) => db.name)).size).toBe(4);
      await dbs[0]!.prisma.project.create({ data: { slug: 'only-here', name: 'Only here' } });
      const counts = await Promise.all(dbs.map((db) => db.prisma.project.count()));
      expect(counts).toEqual([1, 0, 0, 0]);
      const migrated = await dbs[3]!.prisma.$queryRaw<{ n: bigint }[]>`
        SELECT count(*) AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`;
      expect(Number(migrated[0]?.n)).toBeGreaterThan(0);
    } finally {
      await Promise.all(dbs.map((db) => db.drop()));
    }
    for (const db of dbs) expect(await databaseExists(db.name)).toBe(false);
  });

  it('drops the database even while other sessions are connected to it', async () => {
    const db = await createTestDatabase();
    const straggler = new pg.Client({ connectionString: db.url });
    straggler.on('error', () => {});
    await straggler.connect();
    await db.drop();
    expect(await databaseExists(db.name)).toBe(false);
    await straggler.end().catch(() => {});
  });

  it('removes databases left behind by a test process that was killed', async () => {
    // pid 2^22+1 is above Linux's default pid_max, so no live process has it.
    const orphan = `hpa_test_4194305_orphan${Date.now()}`;
    await admin.query(`CREATE DATABASE "${orphan}"`);
    const db = await createTestDatabase();
    await db.drop();
    expect(await databaseExists(orphan)).toBe(false);
  });

  it('can start empty, with no tables, for testing migrations', async () => {
    const db = await createTestDatabase({ state: 'empty' });
    try {
      const rows = await db.prisma.$queryRaw<{ n: bigint }[]>`
        SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public'`;
      expect(Number(rows[0]?.n)).toBe(0);
    } finally {
      await db.drop();
    }
  });

  it('names TEST_DATABASE_URL and the host when the server cannot be reached', async () => {
    await expect(
      createTestDatabase({ baseUrl: 'postgresql://postgres@127.0.0.1:5999/postgres' }),
    ).rejects.toThrow('TEST_DATABASE_URL: cannot connect to 127.0.0.1:5999 (ECONNREFUSED)');
  });
});

describe('test templates', () => {
  // Migration folders of this run only (the tag), so the real template and other runs' are not
  // touched; each set is a tiny table per migration.
  const tag = `t${process.pid}${Math.random().toString(36).slice(2, 8)}`;
  const root = mkdtempSync(join(tmpdir(), 'hpa-templates-'));
  const BASE = `00000000000001_${tag}_base`;

  function migrationsDir(label: string, migrations: Record<string, string>): string {
    const dir = join(root, label);
    for (const [name, sql] of Object.entries(migrations)) {
      mkdirSync(join(dir, name), { recursive: true });
      writeFileSync(join(dir, name, 'migration.sql'), sql);
    }
    return dir;
  }

  async function isTemplate(name: string): Promise<boolean> {
    const { rows } = await admin.query<{ datistemplate: boolean }>(
      'SELECT datistemplate FROM pg_database WHERE datname = $1',
      [name],
    );
    return rows[0]?.datistemplate === true;
  }

  /** Builds (or reuses) the template of `dir` the way a test file does, through a copy. */
  async function useTemplate(dir: string): Promise<string> {
    const db = await createTestDatabase({ migrationsDir: dir });
    await db.drop();
    return testTemplateName(dir);
  }

  afterAll(async () => {
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database
        WHERE shobj_description(oid, 'pg_database') LIKE $1 OR datname = $2`,
      [`%${tag}%`, `hpa_tpl_legacy_${tag}`],
    );
    for (const { datname } of rows) {
      await admin.query(`ALTER DATABASE "${datname}" WITH IS_TEMPLATE false`);
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    rmSync(root, { recursive: true, force: true });
  });

  it('a new template drops the ones it replaces and keeps a diverging branch’s', async () => {
    const base = 'CREATE TABLE base_table (id int);';
    const a = await useTemplate(migrationsDir('a', { [BASE]: base }));
    expect(await isTemplate(a)).toBe(true);

    // The newest migration edited (same folders, another checksum) replaces it.
    const edited = await useTemplate(
      migrationsDir('edited', { [BASE]: 'CREATE TABLE base_table (id bigint);' }),
    );
    expect(edited).not.toBe(a);
    expect(await isTemplate(edited)).toBe(true);
    expect(await databaseExists(a)).toBe(false);

    // A template made before templates were labelled is replaced by any new one.
    const legacy = `hpa_tpl_legacy_${tag}`;
    await admin.query(`CREATE DATABASE "${legacy}"`);
    await admin.query(`ALTER DATABASE "${legacy}" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);

    // A migration added: the template of the first part is replaced, the legacy one too.
    const next = `00000000000002_${tag}_next`;
    const added = await useTemplate(
      migrationsDir('added', { [BASE]: base, [next]: 'CREATE TABLE next_table (id int);' }),
    );
    expect(await isTemplate(added)).toBe(true);
    expect(await databaseExists(edited)).toBe(false);
    expect(await databaseExists(legacy)).toBe(false);

    // Another branch's migration in the same place: both branches keep their templates.
    const other = `00000000000002_${tag}_other`;
    const diverging = await useTemplate(
      migrationsDir('other', { [BASE]: base, [other]: 'CREATE TABLE other_table (id int);' }),
    );
    expect(await isTemplate(diverging)).toBe(true);
    expect(await isTemplate(added)).toBe(true);

    // What a copy of the newest template holds: every migration, applied.
    const db = await createTestDatabase({ migrationsDir: join(root, 'added') });
    try {
      const rows = await db.prisma.$queryRaw<{ table_name: string }[]>`
        SELECT table_name FROM information_schema.tables
         WHERE table_schema = 'public' AND table_name LIKE '%_table' ORDER BY table_name`;
      expect(rows.map((r) => r.table_name)).toEqual(['base_table', 'next_table']);
    } finally {
      await db.drop();
    }
  });

  it('leaves a replaced template alone while someone holds its lock (a copy in progress)', async () => {
    const first = await useTemplate(
      migrationsDir('held', { [`00000000000003_${tag}_held`]: 'CREATE TABLE held (id int);' }),
    );
    const holder = new pg.Client({ connectionString: baseUrl });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock(hashtext($1))', [first]);
      const second = await useTemplate(
        migrationsDir('held-2', {
          [`00000000000003_${tag}_held`]: 'CREATE TABLE held (id int);',
          [`00000000000004_${tag}_more`]: 'CREATE TABLE more (id int);',
        }),
      );
      expect(await isTemplate(second)).toBe(true);
      expect(await isTemplate(first)).toBe(true);
    } finally {
      await holder.end();
    }
  });
});
