// `npm run db:deploy`: applies pending committed migrations to DATABASE_URL, or to the embedded
// PGlite in $HPA_LAB_HOME/pglite when DATABASE_URL is unset. Needs no schema engine.
import { connectPostgres, parsePostgresUrl } from '../connection/database-url.ts';
import { openEmbeddedDatabase } from '../embedded/embedded-database.ts';
import type { DeployResult } from '../migrations/runner.ts';
import { deployMigrationsFrom } from '../migrations/runner.ts';
import { pgConnection, pgliteConnection } from '../migrations/sql-connection.ts';
import { dbPaths } from '../paths.ts';
import { readCliEnv } from './env.ts';
import { runCli } from './run-cli.ts';

async function deploy(databaseUrl: string | undefined, home: string) {
  if (databaseUrl) {
    const client = await connectPostgres(databaseUrl);
    try {
      const result = await deployMigrationsFrom(pgConnection(client), dbPaths.migrations);
      return { result, where: parsePostgresUrl(databaseUrl).address };
    } finally {
      await client.end();
    }
  }
  const embedded = await openEmbeddedDatabase(home);
  try {
    const result = await deployMigrationsFrom(pgliteConnection(embedded.db), dbPaths.migrations);
    return { result, where: `embedded PGlite ${embedded.dataDir}` };
  } finally {
    await embedded.close();
  }
}

function describe(result: DeployResult): string {
  if (result.applied.length === 0) {
    return `up to date (${result.alreadyApplied} migrations applied earlier)`;
  }
  return `applied ${result.applied.length}: ${result.applied.join(', ')}`;
}

runCli(async () => {
  const env = readCliEnv();
  const started = performance.now();
  const { result, where } = await deploy(env.DATABASE_URL, env.HPA_LAB_HOME);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`${where}: ${describe(result)} (${seconds} s)`);
  return 0;
});
