// How the platform tells the root `npm start` (scripts/start.mjs) that the API is up, and what
// its ready block should show: a JSON file at the path start.mjs chose (HPA_LAB_READY_FILE),
// written whole (temporary file, then rename) so start.mjs never reads half of it. It holds the
// one-time sign-in link and, on the first start, the admin's key: owner-only permissions.
import { rename, writeFile } from 'node:fs/promises';
import type { ApiServerHandle } from '@hpa-lab/api/server';

/** The file's contents; scripts/start.mjs reads these fields. */
export interface ReadyReport {
  apiUrl: string;
  webUrl: string;
  home: string;
  database: 'pglite' | 'postgres';
  queue: 'in-process' | 'bullmq';
  signInUrl?: string;
  createdApiKey?: string;
  demo: boolean;
}

export async function writeReadyFile(
  file: string,
  server: ApiServerHandle,
  demo: boolean,
): Promise<void> {
  const report: ReadyReport = {
    apiUrl: server.url,
    webUrl: server.webUrl,
    home: server.home,
    database: server.database,
    queue: server.queue,
    demo,
    ...(server.adminAccess ? { signInUrl: server.adminAccess.signInUrl } : {}),
    ...(server.adminAccess?.createdApiKey
      ? { createdApiKey: server.adminAccess.createdApiKey }
      : {}),
  };
  const partial = `${file}.partial`;
  await writeFile(partial, JSON.stringify(report), { mode: 0o600 });
  await rename(partial, file);
}
