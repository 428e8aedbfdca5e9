// `npm run db:check [-- --schema <file> --migrations <dir>]`: exits 1 when the committed
// migrations do not produce schema.prisma, printing the SQL a new migration would need.
import { parseArgs } from 'node:util';
import { diffMigrationsToSchema } from '../migrations/schema-engine-commands.ts';
import { dbPaths } from '../paths.ts';
import { runCli, UsageError } from './run-cli.ts';

runCli(async () => {
  let values;
  try {
    ({ values } = parseArgs({
      options: { schema: { type: 'string' }, migrations: { type: 'string' } },
    }));
  } catch (error) {
    throw new UsageError(
      `${(error as Error).message}\nusage: db:check [--schema f] [--migrations d]`,
    );
  }
  const schemaPath = values.schema ?? dbPaths.schema;
  const migrationsDir = values.migrations ?? dbPaths.migrations;
  const missing = await diffMigrationsToSchema({ schemaPath, migrationsDir });
  if (!missing) {
    console.log(`${migrationsDir} matches ${schemaPath}`);
    return 0;
  }
  console.error(`${schemaPath} has changes that no migration in ${migrationsDir} makes.`);
  console.error('Create one with `npm run db:migrate -- <name>`. Missing SQL:\n');
  console.error(missing.trimEnd());
  return 1;
});
