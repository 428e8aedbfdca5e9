import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // The tests boot the real API in-process: one graphql-js for Apollo and the API's own
    // modules, as in apps/api's config ("another module or realm" otherwise).
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Each file boots an API over its own PostgreSQL database and trains tiny models in child
    // processes; the machine has two shared cores.
    testTimeout: 90_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
