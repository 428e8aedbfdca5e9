import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The server starts as a child process on embedded PGlite (initdb takes 3-16 s on two busy
    // cores) and trains a tiny model: these limits catch hangs, they time nothing.
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
