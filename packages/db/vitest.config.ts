import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // PGlite's initdb (3-16 s on two busy cores) and the wasm schema engine are slow to start;
    // these limits only catch hangs, they are not speed assertions.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
