// `hpa-train sync [folder...]`: uploads runs trained offline (see src/offline/). Without a
// folder it syncs every offline run in $HPA_LAB_HOME/offline-runs not yet synced to this API.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createTrainerApi } from '../api-client/index.ts';
import { requireApiKey, type TrainerEnv } from '../env.ts';
import { offlineRunsDir } from '../offline/create-offline-run.ts';
import { offlineFolder } from '../offline/offline-folder.ts';
import { syncOfflineRun } from '../offline/sync-run.ts';
import { UsageError } from './train-args.ts';

export const SYNC_USAGE = `Usage: hpa-train sync [folder...]
  Uploads runs that \`hpa-train run\` kept offline (no API reachable) to the API: the run, its
  metric points, evaluations, artifacts and status. Syncing again changes nothing.
  Without a folder: every run in $HPA_LAB_HOME/offline-runs not yet synced to this API.
Environment: HPA_API_URL, HPA_API_KEY (required), HPA_LAB_HOME.`;

function pendingFolders(env: TrainerEnv): string[] {
  const root = offlineRunsDir(env.home);
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .map((name) => join(root, name))
    .filter((dir) => offlineFolder.isOfflineRun(dir))
    .filter((dir) => offlineFolder.readSynced(dir)?.apiUrl !== env.apiUrl);
}

export async function runSync(argv: readonly string[], env: TrainerEnv): Promise<number> {
  const unknown = argv.find((arg) => arg.startsWith('-'));
  if (unknown) throw new UsageError(`sync: unknown option ${unknown}\n${SYNC_USAGE}`);
  const folders = argv.length
    ? argv.map((folder) => resolve(env.invocationDir, folder))
    : pendingFolders(env);
  for (const dir of folders) {
    if (!offlineFolder.isOfflineRun(dir)) {
      throw new UsageError(
        `${dir}: not an offline run folder (no run.json written by an offline \`hpa-train ` +
          `run\`); give the folder it printed, e.g. one in ${offlineRunsDir(env.home)}`,
      );
    }
  }
  if (folders.length === 0) {
    console.log(`sync: nothing to sync in ${offlineRunsDir(env.home)}`);
    return 0;
  }
  const api = createTrainerApi({ url: env.apiUrl, key: requireApiKey(env) });
  for (const dir of folders) {
    const result = await syncOfflineRun(dir, api, env.apiUrl);
    const status = result.status.toLowerCase();
    console.log(
      result.sent
        ? `sync: ${dir} -> run ${result.runId} (${status}): ${result.points} metric points, ` +
            `${result.evaluations} evaluations, ${result.artifacts} artifacts`
        : `sync: ${dir} -> run ${result.runId} (${status}): already synced, nothing sent`,
    );
  }
  return 0;
}
