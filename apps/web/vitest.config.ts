import { defineConfig } from 'vitest/config';

// Unit tests of the pure parts (features/*/lib, graphql/api-problem): no DOM, no server; and
// of the e2e harness's process handling (real child processes).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'e2e/harness/**/*.test.ts'],
  },
});
