// Runs the demo (demo.ts) in the platform process: a key of the first admin that lives as long
// as the demo needs (revoked when it is done; it expires on its own if the process dies),
// launches, then a line per finished run. A failing demo logs one line and leaves the platform
// up: it is a convenience, never a reason to stop.
import type { ApiServerHandle, MintedKey } from '@hpa-lab/api/server';
import type { Logger } from 'pino';
import { defaultDemoRuns, seedDemo, watchDemo } from './demo.ts';

const DEMO_KEY_TTL_MS = 2 * 3600 * 1000;
/** How long the demo waits for `waitFor` before it launches anyway (a build that never ends). */
const WAIT_FOR_LIMIT_MS = 15 * 60 * 1000;

/** Resolves once `url` answers HTTP at all (any status), or after `limitMs`. */
export async function waitForAnswer(url: string, limitMs = WAIT_FOR_LIMIT_MS): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    try {
      await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(5000) });
      return true;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  return false;
}

export interface DemoStartOptions {
  /** Launch only once this URL answers (the dashboard while its first build runs). */
  waitFor?: string;
}

export async function startDemo(
  server: ApiServerHandle,
  logger: Logger,
  options: DemoStartOptions = {},
): Promise<void> {
  let minted: MintedKey | undefined;
  try {
    if (options.waitFor) await waitForAnswer(options.waitFor);
    minted = await server.mintAdminKey('demo', DEMO_KEY_TTL_MS);
    if (!minted) {
      logger.info('no admin yet (create one with `npm run create-admin -w @hpa-lab/api`): no demo');
      return;
    }
    const api = { apiUrl: server.url, key: minted.key };
    const runs = await seedDemo(api, defaultDemoRuns(), logger);
    const launched = runs.filter((run) => run.launched).length;
    const waiting = runs.filter((run) => run.status === 'QUEUED' || run.status === 'RUNNING');
    if (launched > 0) {
      const names = runs
        .filter((run) => run.launched)
        .map((run) => `"${run.name}" (run ${run.id.slice(0, 8)})`);
      logger.info(
        `demo: launched ${names.join(', ')}, tagged "demo", on a synthetic data set the first ` +
          'one generates; they train one after another, a few minutes in all. Watch them at ' +
          `${server.webUrl}/ (--no-demo or HPA_NO_DEMO=1 skips this)`,
      );
    } else if (waiting.length > 0) {
      logger.info(`demo: ${waiting.length} demo run(s) still to train, resuming`);
    } else {
      logger.info('demo: the demo runs are there from an earlier start; nothing to launch');
    }
    await watchDemo(api, runs, { logger, webUrl: server.webUrl });
  } catch (error) {
    logger.warn(`demo not seeded: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await minted?.revoke().catch(() => undefined);
  }
}
