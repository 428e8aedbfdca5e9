import { defineConfig } from 'vitest/config';

// Unit tests of the pure parts (features/*/lib, graphql/api-problem): no DOM, no server.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
  },
});
