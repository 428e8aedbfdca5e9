import { defineConfig } from 'vitest/config';

// tfjs kernels are CPU-heavy: run files in forks (tfjs keeps global backend state per process)
// and allow the gradient and training tests time on a shared 2-core machine.
export default defineConfig({
  test: {
    // bench/: the bench harness's pure parts (statistics, load gate, cpuinfo parsing).
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts'],
    // Outside CI, says once why the wasm-onednn tests are skipped where the addon is not built.
    globalSetup: ['./vitest.global-setup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
