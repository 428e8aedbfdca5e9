import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // test/demo.test.ts boots the real API in-process: one graphql-js for Apollo and the API's
    // own modules, as in apps/api's config ("another module or realm" otherwise).
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // The server starts as a child process on embedded PGlite (initdb takes 3-16 s on two busy
    // cores) and trains a tiny model: these limits catch hangs, they time nothing.
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
