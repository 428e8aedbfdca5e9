// Whether the oneDNN addon is built here, and if not, why (the reason the install recorded).
// Plain JavaScript so the install scripts, the root postinstall report and the root `npm test`
// can read it without a TypeScript loader; src/ imports it too (addon-state.d.mts types it).
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const ADDON_PATH = join(PACKAGE_DIR, 'build/Release/onednn_kernels.node');
const REASON_FILE = join(PACKAGE_DIR, 'build/not-built-reason.txt');

/** What builds the addon (Debian/Ubuntu), for messages that say how to get it. */
export const BUILD_COMMAND =
  'sudo apt-get install libdnnl-dev g++ && npm run build:addon -w @hpa-lab/onednn-kernels';

/** @returns {{ built: true } | { built: false, reason: string }} */
export function addonState() {
  if (existsSync(ADDON_PATH)) return { built: true };
  const recorded = existsSync(REASON_FILE) ? readFileSync(REASON_FILE, 'utf8').trim() : '';
  return { built: false, reason: recorded || 'never built: npm install did not run its script' };
}

/**
 * The one line that says why tests needing the addon are skipped and what runs them; null when
 * none are (the addon is built, or CI, where a missing addon must fail them instead).
 */
export function onednnSkipLine(env = process.env) {
  const state = addonState();
  if (state.built || env.CI === 'true') return null;
  return (
    `oneDNN tests skipped: the addon is not built (${state.reason}); ` +
    `\`${BUILD_COMMAND}\` enables them`
  );
}

/** Called by the install script when it does not build: no stale addon, and the reason kept. */
export function recordNotBuilt(reason) {
  rmSync(ADDON_PATH, { force: true });
  writeFileSync(REASON_FILE, `${reason}\n`);
}

export function recordBuilt() {
  rmSync(REASON_FILE, { force: true });
}
