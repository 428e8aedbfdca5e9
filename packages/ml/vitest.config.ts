import { defineConfig } from 'vitest/config';

// tfjs kernels are CPU-heavy: run files in forks (tfjs keeps global backend state per process)
// and allow the gradient and training tests time on a shared 2-core machine.
export default defineConfig({
  test: {
    // bench/: the training bench's pure parts (oneDNN's verbose output, the README table);
    // the statistics and load gate it shares with the other benches are tested in bench-kit.
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts'],
    // Outside CI, says once why the wasm-onednn tests are skipped where the addon is not built.
    globalSetup: ['./vitest.global-setup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
