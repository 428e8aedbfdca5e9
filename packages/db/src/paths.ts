import { fileURLToPath } from 'node:url';

// Resolved from this file, never from process.cwd(): the package is used from apps/api, from
// the CLIs and from tests, each started in a different directory.
const packageRoot = fileURLToPath(new URL('..', import.meta.url));

/** Absolute paths of this package's Prisma schema and committed migrations. */
export const dbPaths = {
  packageRoot,
  schema: fileURLToPath(new URL('../prisma/schema.prisma', import.meta.url)),
  migrations: fileURLToPath(new URL('../prisma/migrations', import.meta.url)),
} as const;
