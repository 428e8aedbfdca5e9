import { defineConfig } from 'prisma/config';

// No datasource URL here: `prisma generate` needs none, and migrations run through this
// package's own offline driver (src/migrations), not the Prisma CLI.
export default defineConfig({
  schema: 'prisma/schema.prisma',
});
