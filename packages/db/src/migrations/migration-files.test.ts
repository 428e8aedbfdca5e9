import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommittedMigration } from './migration-files.ts';
import {
  MIGRATION_LOCK_CONTENT,
  matchesChecksum,
  nextMigrationName,
  readMigrations,
  sha256Hex,
  slugifyMigrationName,
  writeMigration,
} from './migration-files.ts';

const existing = (name: string): CommittedMigration => ({ name, file: '', sql: '', checksum: '' });

describe('migration names', () => {
  it('slugifies free text and rejects a name with nothing usable', () => {
    expect(slugifyMigrationName('Add run notes!')).toBe('add_run_notes');
    expect(() => slugifyMigrationName('  !!  ')).toThrow(/no letters or digits/);
  });

  it('prefixes a UTC timestamp that sorts after every existing migration', () => {
    const now = new Date('2026-11-28T03:15:33Z');
    expect(nextMigrationName([], 'init', now)).toBe('20261128031533_init');
    // Clock behind the newest migration (another machine, or twice in one second).
    expect(nextMigrationName([existing('20261128031559_init')], 'next', now)).toBe(
      '20261128031600_next',
    );
  });
});

describe('checksums', () => {
  it('accepts a line-ending-only change and rejects a real edit', () => {
    const sql = 'CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n';
    const recorded = sha256Hex(sql);
    expect(matchesChecksum(sql.replace(/\n/g, '\r\n'), recorded)).toBe(true);
    expect(matchesChecksum(sql.replace('b (', 'c ('), recorded)).toBe(false);
  });
});

describe('migrations folder', () => {
  let dir = '';
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes Prisma folder format and reads it back in order', async () => {
    dir = await mkdtemp(join(tmpdir(), 'hpa-db-files-'));
    expect(await readMigrations(join(dir, 'missing'))).toEqual([]);
    await writeMigration(dir, '20260102000000_second', 'SELECT 2;\n');
    await writeMigration(dir, '20260101000000_first', 'SELECT 1;\n');
    const migrations = await readMigrations(dir);
    expect(migrations.map((m) => m.name)).toEqual([
      '20260101000000_first',
      '20260102000000_second',
    ]);
    expect(migrations[0]?.checksum).toBe(sha256Hex('SELECT 1;\n'));
    expect(await readFile(join(dir, 'migration_lock.toml'), 'utf8')).toBe(MIGRATION_LOCK_CONTENT);
    await expect(writeMigration(dir, '20260101000000_first', 'x')).rejects.toThrow(/EEXIST/);
  });
});
