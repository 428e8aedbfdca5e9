// npm run create-admin -- [--email admin@example.com] [--name "Ada"] [--project hpa] [--force]
// Creates the first admin (and a default project) and prints its API key once. Refuses when an
// admin exists unless --force, which adds an admin (or promotes the e-mail) with a new key.
import { parseArgs } from 'node:util';
import { openDatabase } from '@hpa-lab/db';
import { loadEnv } from '../env.ts';
import { bootstrapAdmin } from '../services/members.ts';

const { values } = parseArgs({
  options: {
    email: { type: 'string', default: 'admin@hpa-lab.local' },
    name: { type: 'string', default: 'Admin' },
    project: { type: 'string', default: 'hpa' },
    force: { type: 'boolean', default: false },
  },
});

const env = loadEnv();
const database = await openDatabase({ databaseUrl: env.databaseUrl, home: env.home });
try {
  const created = await bootstrapAdmin(database.prisma, {
    email: values.email,
    name: values.name,
    projectSlug: values.project,
    force: values.force,
  });
  if (!created) {
    console.error('An admin already exists; pass --force to create another admin key.');
    process.exitCode = 1;
  } else {
    console.log(`Admin:   ${created.member.email} (${created.member.id})`);
    console.log(`Project: ${created.project.slug} (${created.project.id})`);
    console.log(`API key (shown once, store it now): ${created.secret}`);
  }
} catch (error) {
  console.error(`create-admin failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
