// `npm run bench -w @hpa-lab/db`: times the migration paths and the embedded database, and
// writes them to bench/results/migrations.json. Speed lives here, never in test assertions.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createMigration } from '../src/migrations/schema-engine-commands.ts';
import { deployMigrationsFrom } from '../src/migrations/runner.ts';
import { pgConnection, pgliteConnection } from '../src/migrations/sql-connection.ts';
import { openEmbeddedDatabase } from '../src/embedded/embedded-database.ts';
import { openDatabase } from '../src/open-database.ts';
import { dbPaths } from '../src/paths.ts';
import { createTestDatabase } from '../src/testing/index.ts';

async function seconds<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await work();
  return [Number(((performance.now() - started) / 1000).toFixed(3)), result];
}

const scratch = await mkdtemp(join(tmpdir(), 'hpa-db-bench-'));
try {
  const [createFirstMigration] = await seconds(() =>
    createMigration({
      schemaPath: dbPaths.schema,
      migrationsDir: join(scratch, 'm'),
      name: 'init',
    }),
  );

  const server = await createTestDatabase({ state: 'empty' });
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  const [deployEmptyPostgres] = await seconds(() =>
    deployMigrationsFrom(pgConnection(client), dbPaths.migrations),
  );
  await client.end();
  await server.drop();

  const [testDatabaseFromTemplate, testDb] = await seconds(() => createTestDatabase());
  await testDb.drop();

  const home = join(scratch, 'home');
  // First open = initdb of a new data folder; then the migrations on their own.
  const [pgliteFirstOpen, embedded] = await seconds(() => openEmbeddedDatabase(home));
  const [deployPGlite] = await seconds(() =>
    deployMigrationsFrom(pgliteConnection(embedded.db), dbPaths.migrations),
  );
  await embedded.close();
  // What the API pays on each later start: reopen, find nothing pending, build the client.
  const [pgliteReopenWithOpenDatabase, again] = await seconds(() => openDatabase({ home }));
  await again.close();

  const results = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    seconds: {
      createFirstMigration,
      deployEmptyPostgres,
      testDatabaseFromTemplate,
      pgliteFirstOpen,
      deployPGlite,
      pgliteReopenWithOpenDatabase,
    },
  };
  const out = join(import.meta.dirname, 'results');
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'migrations.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(JSON.stringify(results, null, 2));
} finally {
  await rm(scratch, { recursive: true, force: true });
}
