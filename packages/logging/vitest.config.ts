import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Each case spawns node + tsx (twice or more); on 2 busy cores that alone can pass the 5 s
    // default, as CI saw. A limit, not a speed claim.
    testTimeout: 60_000,
  },
});
