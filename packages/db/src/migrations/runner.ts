import { randomUUID } from 'node:crypto';
import { MigrationFailedError, MigrationHistoryError } from './errors.ts';
import type { CommittedMigration } from './migration-files.ts';
import { matchesChecksum, readMigrations } from './migration-files.ts';
import type { SqlConnection } from './sql-connection.ts';

// Prisma's own table and lock id: a database migrated here is one `prisma migrate deploy`
// recognises, and the two never run at the same time on one database.
const PRISMA_MIGRATE_LOCK_ID = 72707369;
const CREATE_HISTORY_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface HistoryRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export interface DeployResult {
  /** Migrations applied by this call, in order. */
  applied: string[];
  /** How many committed migrations were already applied. */
  alreadyApplied: number;
}

function pendingMigrations(
  committed: CommittedMigration[],
  history: HistoryRow[],
): CommittedMigration[] {
  const live = history.filter((row) => row.rolled_back_at === null);
  const failed = live.find((row) => row.finished_at === null);
  if (failed) {
    throw new MigrationHistoryError(
      `migration ${failed.migration_name} is recorded as started but not finished in ` +
        `_prisma_migrations (an earlier run was interrupted outside a transaction); fix the ` +
        `database by hand, then set rolled_back_at on that row`,
    );
  }
  const byName = new Map(committed.map((migration) => [migration.name, migration]));
  for (const row of live) {
    const migration = byName.get(row.migration_name);
    if (!migration) {
      throw new MigrationHistoryError(
        `migration ${row.migration_name} is applied to the database but missing from the ` +
          `migrations folder; this code is older than the database`,
      );
    }
    if (!matchesChecksum(migration.sql, row.checksum)) {
      throw new MigrationHistoryError(
        `${migration.file} was edited after it was applied (checksum ${row.checksum.slice(0, 12)}… ` +
          `recorded, ${migration.checksum.slice(0, 12)}… now); restore it and put the change ` +
          `in a new migration`,
      );
    }
  }
  const applied = new Set(live.map((row) => row.migration_name));
  return committed.filter((migration) => !applied.has(migration.name));
}

/** Line of a 1-based character position in a script, for "file:line" in errors. */
function lineOf(sql: string, position: unknown): number | undefined {
  const offset = Number(position);
  if (!Number.isInteger(offset) || offset < 1) return undefined;
  return sql.slice(0, offset - 1).split('\n').length;
}

async function applyOne(connection: SqlConnection, migration: CommittedMigration): Promise<void> {
  try {
    await connection.transaction(async (tx) => {
      const id = randomUUID();
      await tx.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at)
         VALUES ($1, $2, $3, now())`,
        [id, migration.checksum, migration.name],
      );
      await tx.execScript(migration.sql);
      await tx.query(
        `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1
         WHERE id = $1`,
        [id],
      );
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const position = (error as { position?: unknown }).position;
    throw new MigrationFailedError(
      migration.name,
      migration.file,
      lineOf(migration.sql, position),
      reason,
      { cause: error },
    );
  }
}

/**
 * Applies the committed migrations the database lacks, oldest first, each in its own
 * transaction and recorded in `_prisma_migrations`. Needs no schema engine: migrations are plain
 * SQL. Refuses, changing nothing, when the history shows an edited or unknown migration.
 */
export async function deployMigrations(
  connection: SqlConnection,
  migrations: CommittedMigration[],
): Promise<DeployResult> {
  await connection.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK_ID]);
  try {
    await connection.execScript(CREATE_HISTORY_TABLE);
    const history = await connection.query<HistoryRow>(
      `SELECT migration_name, checksum, finished_at, rolled_back_at
       FROM "_prisma_migrations" ORDER BY started_at`,
    );
    const pending = pendingMigrations(migrations, history);
    const applied: string[] = [];
    for (const migration of pending) {
      await applyOne(connection, migration);
      applied.push(migration.name);
    }
    return { applied, alreadyApplied: migrations.length - pending.length };
  } finally {
    await connection.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK_ID]);
  }
}

/** deployMigrations with the migrations read from a folder. */
export async function deployMigrationsFrom(
  connection: SqlConnection,
  migrationsDir: string,
): Promise<DeployResult> {
  return deployMigrations(connection, await readMigrations(migrationsDir));
}
