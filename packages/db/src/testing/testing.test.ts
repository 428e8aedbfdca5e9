import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './index.ts';

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
