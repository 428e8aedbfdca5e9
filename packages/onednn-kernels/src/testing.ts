// For test suites with tests that need the addon (this package's, packages/ml's wasm-onednn
// cases). Outside CI they are skipped where the addon is not built, and one line says why and
// what builds it; under CI=true they always run, so a missing addon fails them.
import { addonState, onednnSkipLine } from '../scripts/addon-state.mjs';

export { onednnSkipLine };

/** Whether tests that need the oneDNN addon run here. */
export function onednnTestsRun(): boolean {
  return process.env.CI === 'true' || addonState().built;
}

/**
 * A vitest globalSetup body: prints the skip line once per test run. The root `npm test`
 * prints it once for all workspaces and sets HPA_ONEDNN_SKIP_ANNOUNCED, so it is not repeated.
 */
export function announceOnednnSkip(): void {
  const line = onednnSkipLine();
  // A CLI-style notice on the test runner's own output, not a log line.
  // eslint-disable-next-line no-console
  if (line && process.env.HPA_ONEDNN_SKIP_ANNOUNCED !== '1') console.warn(line);
}
