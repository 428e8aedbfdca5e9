import { readFile } from 'node:fs/promises';
import { InMemoryPGliteEngineAdapter } from './pglite-engine-adapter.ts';
import {
  nextMigrationName,
  readMigrations,
  slugifyMigrationName,
  toEngineMigrationList,
  writeMigration,
} from './migration-files.ts';
import { lastEnginePanic, startSchemaEngine } from './wasm-engine.ts';

/** Where a command finds the data model and the committed migrations. */
export interface SchemaSources {
  schemaPath: string;
  migrationsDir: string;
}

/** The engine's error message, without the Rust span trace it appends. */
export class SchemaEngineError extends Error {
  override name = 'SchemaEngineError';
}

function engineError(error: unknown): SchemaEngineError {
  const panic = lastEnginePanic();
  const text =
    error instanceof Error && error.message.includes('unreachable') && panic
      ? `schema engine crashed: ${panic}`
      : error instanceof Error
        ? error.message
        : String(error);
  const message = text.split(/\n\s+0: /)[0]?.trim() ?? text;
  return new SchemaEngineError(message, { cause: error });
}

const NO_FILTERS = { externalTables: [], externalEnums: [] };

/**
 * The SQL that takes a database built from the committed migrations to schema.prisma, computed
 * by Prisma's schema engine replaying the migrations on a scratch in-memory PGlite. Empty when
 * the two agree. Needs no server and no network.
 */
export async function diffMigrationsToSchema(sources: SchemaSources): Promise<string> {
  const schema = {
    files: [
      // The path only labels the engine's messages (`--> /abs/schema.prisma:40`).
      { path: sources.schemaPath, content: await readFile(sources.schemaPath, 'utf8') },
    ],
  };
  const migrations = await readMigrations(sources.migrationsDir);
  const adapter = new InMemoryPGliteEngineAdapter();
  try {
    const engine = await startSchemaEngine(adapter, schema.files).catch((error: unknown) => {
      throw engineError(error);
    });
    try {
      const result = await engine.diff({
        from:
          migrations.length === 0
            ? { tag: 'empty' }
            : { tag: 'migrations', ...toEngineMigrationList(sources.migrationsDir, migrations) },
        to: { tag: 'schemaDatamodel', ...schema },
        script: true,
        // Asking for an exit code makes the engine say whether the diff is empty (2 = changes),
        // rather than us matching its "empty migration" comment.
        exitCode: true,
        filters: NO_FILTERS,
      });
      return result.exitCode === 2 ? (result.stdout ?? '') : '';
    } catch (error) {
      throw engineError(error);
    } finally {
      engine.free();
    }
  } finally {
    await adapter.close();
  }
}

export interface CreatedMigration {
  name: string;
  file: string;
  sql: string;
}

/**
 * `migrate dev --create-only` without the native engine: writes
 * `<migrationsDir>/<timestamp>_<name>/migration.sql` (and migration_lock.toml) holding what
 * schema.prisma adds to the committed migrations. Returns null, writing nothing, when there is
 * nothing to migrate.
 */
export async function createMigration(
  sources: SchemaSources & { name: string; now?: Date },
): Promise<CreatedMigration | null> {
  const slug = slugifyMigrationName(sources.name);
  const sql = await diffMigrationsToSchema(sources);
  if (!sql) return null;
  const name = nextMigrationName(
    await readMigrations(sources.migrationsDir),
    slug,
    sources.now ?? new Date(),
  );
  const file = await writeMigration(sources.migrationsDir, name, sql);
  return { name, file, sql };
}
