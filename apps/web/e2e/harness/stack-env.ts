// The only reader of process.env in the e2e harness: where Chromium is, and what the global
// setup hands to the test workers (Playwright workers inherit the setup's environment).
import { existsSync } from 'node:fs';

export const CHROMIUM_PATH = process.env.HPA_E2E_CHROMIUM ?? '/usr/bin/chromium';
export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

/** Launch flags that work as root in these containers (offline-recipes.md). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumMissingReason(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  return `Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium, or set HPA_E2E_CHROMIUM)`;
}

export interface StackInfo {
  webUrl: string;
  apiUrl: string;
  adminKey: string;
  adminId: string;
  projectId: string;
  /** A one-time sign-in token for the admin (embedded mode prints it as a link). */
  signInToken: string;
}

const STACK_VARIABLE = 'HPA_E2E_STACK';

export function publishStack(info: StackInfo): void {
  process.env[STACK_VARIABLE] = JSON.stringify(info);
}

export function readStack(): StackInfo {
  const raw = process.env[STACK_VARIABLE];
  if (!raw)
    throw new Error(`${STACK_VARIABLE} is not set: run the specs through playwright.config.ts`);
  return JSON.parse(raw) as StackInfo;
}
