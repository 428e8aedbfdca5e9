// `npm run db:migrate -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql
// with what schema.prisma adds to the committed migrations. Offline: Prisma's WebAssembly
// schema engine on an in-memory PGlite, no server and no DATABASE_URL needed.
import { relative } from 'node:path';
import { createMigration } from '../migrations/schema-engine-commands.ts';
import { dbPaths } from '../paths.ts';
import { runCli, UsageError } from './run-cli.ts';

runCli(async () => {
  const name = process.argv.slice(2).join(' ').trim();
  if (!name) throw new UsageError('usage: npm run db:migrate -- <name>   (e.g. add_run_notes)');
  const started = performance.now();
  const created = await createMigration({
    schemaPath: dbPaths.schema,
    migrationsDir: dbPaths.migrations,
    name,
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (!created) {
    console.log(`schema.prisma matches the committed migrations: nothing to create (${seconds} s)`);
    return 0;
  }
  console.log(`created ${relative(process.cwd(), created.file)} (${seconds} s)`);
  console.log('apply it with `npm run db:deploy`; commit the folder with the schema change');
  return 0;
});
