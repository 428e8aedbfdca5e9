// Browser tests in Debian's Chromium against a real API and the production build
// (e2e/harness). One worker: the stack is shared and the machine has two cores.
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './e2e/harness/stack-env';

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './e2e/harness/global-setup.ts',
  workers: 1,
  fullyParallel: false,
  // One retry on CI, as Playwright's own template sets: a browser test on a shared 2-core machine
  // can lose a race with the machine rather than with the product. The list reporter marks such
  // a test "flaky"; treat that as a bug to find (as the promote form's fill race was), not noise.
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: 'test-results/artifacts',
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    viewport: { width: 1440, height: 900 },
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
