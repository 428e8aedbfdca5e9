import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Unit tests of the pure parts (src/lib, features/*/lib, graphql/api-problem): no DOM, no
// server; of the e2e harness's process handling (real child processes); and of the bench's
// selector reading. `@/` is the same alias as tsconfig's paths.
export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  test: {
    include: ['src/**/*.test.ts', 'e2e/harness/**/*.test.ts', 'bench/**/*.test.ts'],
  },
});
