// The stack the specs run against: a real API on a fresh PostgreSQL database (api-server.ts in
// its own process) and the production build of the dashboard (`next start`, built beforehand
// by `npm run test:e2e`), each on a free port.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { type ApiProxy, startApiProxy } from './api-proxy';
import { type Child, firstLine, freePort, startChild, waitForHttp } from './processes';
import type { StackInfo } from './stack-env';

const require = createRequire(import.meta.url);
const appDir = path.resolve(import.meta.dirname, '../..');
const tsxCli = require.resolve('tsx/cli');
const nextBin = path.join(path.dirname(require.resolve('next/package.json')), 'dist/bin/next');

export interface RunningStack {
  info: StackInfo;
  api: Child;
  web: Child;
  /** With `proxy: true`: what stands between the dashboard and the API (api-proxy.ts). */
  proxy?: ApiProxy;
  stop(): Promise<void>;
}

/**
 * Starts a production build of the dashboard against an API URL: apps/web's own, or (the
 * benches that compare builds) a copy of apps/web in `dir` with its own `.next`.
 */
export async function startWeb(
  apiUrl: string,
  dir = appDir,
  name = 'web',
): Promise<{ child: Child; url: string }> {
  if (!existsSync(path.join(dir, '.next', 'BUILD_ID'))) {
    throw new Error(
      `No production build in ${path.relative(process.cwd(), path.join(dir, '.next')) || '.next'}: run \`next build\` first (test:e2e does)`,
    );
  }
  const port = await freePort();
  const child = startChild(
    process.execPath,
    [nextBin, 'start', '--hostname', '127.0.0.1', '--port', String(port)],
    {
      cwd: dir,
      env: {
        ...process.env,
        HPA_API_URL: apiUrl,
        NEXT_TELEMETRY_DISABLED: '1',
        LOG_LEVEL: 'warn',
      },
      name,
    },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/sign-in`, child, 60_000);
  return { child, url };
}

export interface StackOptions {
  /** Runs to seed straight into the database before the API answers (the bench). */
  benchRuns?: number;
  /** How long the API may take to start (and seed). */
  apiStartTimeoutMs?: number;
  /** Launched runs are trained inside the API's process (apps/trainer's processor). */
  trainer?: boolean;
  /** Team mode: a BullMQ queue on the shared Redis, no worker listening. */
  queue?: 'bullmq';
  /**
   * The dashboard reaches the API through a proxy the spec can cut (the API going away
   * mid-launch); `info.apiUrl` stays the API's own address, for the spec's checks.
   */
  proxy?: boolean;
}

export async function startStack(options: StackOptions = {}): Promise<RunningStack> {
  const args = [tsxCli, 'e2e/harness/api-server.ts'];
  if (options.benchRuns) args.push(`--bench-runs=${options.benchRuns}`);
  if (options.trainer) args.push('--trainer');
  if (options.queue) args.push(`--queue=${options.queue}`);
  const api = startChild(process.execPath, args, {
    cwd: appDir,
    env: { ...process.env, LOG_LEVEL: 'warn' },
    name: 'api',
  });
  let started: Omit<StackInfo, 'webUrl' | 'apiUrl'> & { url: string };
  try {
    started = JSON.parse(
      await firstLine(api, options.apiStartTimeoutMs ?? 60_000),
    ) as typeof started;
  } catch (error) {
    await api.stop();
    throw new Error(`The test API did not start: ${String(error)}`, { cause: error });
  }
  const proxy = options.proxy ? await startApiProxy(started.url) : undefined;
  let web: Awaited<ReturnType<typeof startWeb>>;
  try {
    web = await startWeb(proxy?.url ?? started.url);
  } catch (error) {
    await proxy?.close();
    await api.stop();
    throw new Error(`The dashboard did not start: ${String(error)}`, { cause: error });
  }
  const info: StackInfo = {
    webUrl: web.url,
    apiUrl: started.url,
    adminKey: started.adminKey,
    adminId: started.adminId,
    projectId: started.projectId,
    signInToken: started.signInToken,
  };
  return {
    info,
    api,
    web: web.child,
    ...(proxy ? { proxy } : {}),
    async stop() {
      await web.child.stop();
      await proxy?.close();
      await api.stop();
    },
  };
}
