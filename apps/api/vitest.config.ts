import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // One graphql-js for everyone: Vite would pick its ESM build for our files while Node gives
    // Apollo the CommonJS one, and graphql-js refuses types from "another module or realm".
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Each file creates its own PostgreSQL database and starts a server: allow for a cold start.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
