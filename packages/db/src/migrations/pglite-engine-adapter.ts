import { PGlite } from '@electric-sql/pglite';
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import { DriverAdapterError } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';

/** What Postgres puts on an error; PGlite's DatabaseError carries the same fields. */
interface PostgresErrorFields {
  code?: string;
  severity?: string;
  message: string;
  detail?: string;
  column?: string;
  hint?: string;
}

function toDriverAdapterError(error: unknown): unknown {
  if (!(error instanceof Error) || !('severity' in error)) return error;
  const fields = error as Error & PostgresErrorFields;
  return new DriverAdapterError({
    kind: 'postgres',
    code: fields.code ?? 'N/A',
    severity: fields.severity ?? 'N/A',
    message: fields.message,
    detail: fields.detail,
    column: fields.column,
    hint: fields.hint,
  });
}

// pglite-prisma-adapter 0.7.2 calls `client.exec(script)` without awaiting it, so a failing
// migration script on the shadow database would surface as an unhandled rejection instead of
// an engine error. Await it here.
function withAwaitedScripts(adapter: SqlDriverAdapter, db: PGlite): SqlDriverAdapter {
  adapter.executeScript = async (script: string) => {
    try {
      await db.exec(script);
    } catch (error) {
      throw toDriverAdapterError(error);
    }
  };
  return adapter;
}

/**
 * A migration-aware adapter factory for the schema engine over in-memory PGlite.
 *
 * The engine only needs a database to replay the committed migrations on (the "shadow"
 * database) and compare the result with schema.prisma, so one fresh in-memory PGlite serves as
 * both main and shadow: it is never anyone's real data. The adapter's own connectToShadowDb
 * opens a new PGlite each call and never closes it; `close()` here frees everything we opened.
 */
export class InMemoryPGliteEngineAdapter implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres';
  readonly adapterName = 'hpa-lab-pglite-memory';
  private readonly opened: PGlite[] = [];
  private main: PGlite | undefined;

  private async database(): Promise<PGlite> {
    if (!this.main) {
      this.main = new PGlite();
      this.opened.push(this.main);
      await this.main.waitReady;
    }
    return this.main;
  }

  async connect(): Promise<SqlDriverAdapter> {
    const db = await this.database();
    return withAwaitedScripts(await new PrismaPGlite(db).connect(), db);
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const db = await this.database();
    // The engine resets the shadow before replaying migrations, so reusing the scratch main
    // database saves a second initdb (3 s or more here).
    return withAwaitedScripts(await new PrismaPGlite(db).connect(), db);
  }

  async close(): Promise<void> {
    await Promise.all(this.opened.splice(0).map((db) => db.close()));
    this.main = undefined;
  }
}
