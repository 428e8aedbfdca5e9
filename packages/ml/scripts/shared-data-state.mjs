// Where the real HPA samples live (../shared/data beside the clone) and whether the tests that
// read them run here. A fresh clone has no ../shared: outside CI those tests are skipped and one
// line says so; under CI=true they always run, so missing data fails them instead of hiding.
// Plain JavaScript so the root `npm test` can print the line once, without a TypeScript loader.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** <repo>/../shared/data: packages/ml/scripts is three folders below the repository root. */
export const SHARED_DATA = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../shared/data',
);

/** Whether tests that read ../shared/data run here: always under CI, else where it exists. */
export function sharedDataTestsRun(env = process.env) {
  return env.CI === 'true' || existsSync(SHARED_DATA);
}

/** The one line that says why those tests are skipped; null where they run. */
export function sharedDataSkipLine(env = process.env) {
  if (sharedDataTestsRun(env)) return null;
  return (
    `tests that read ../shared/data skipped: ${SHARED_DATA} does not exist ` +
    '(a clone without ../shared beside it); CI runs them'
  );
}
