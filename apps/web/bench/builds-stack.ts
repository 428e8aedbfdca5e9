// What compare-builds.ts and trace-run-page.ts measure against: one API with 10,000 runs (the
// e2e harness's api-server.ts), one `next start` per build directory (each a copy of apps/web
// with its own production build), and the bench's run page seeded. stop() ends all of it.
import { createRequire } from 'node:module';
import path from 'node:path';
import { ApiClient } from '../e2e/harness/api-client';
import { type Child, firstLine, startChild } from '../e2e/harness/processes';
import { startWeb } from '../e2e/harness/stack';
import { seedRun } from '../e2e/run-page-seed';
import { BENCH_PAGES } from './pages';

const require = createRequire(import.meta.url);
const tsxCli = require.resolve('tsx/cli');
const appDir = path.resolve(import.meta.dirname, '..');
const RUNS = 10_000;

export interface BuildServer {
  /** The build's directory as given, relative to the working directory. */
  name: string;
  child: Child;
  url: string;
}

export interface BuildsStack {
  adminKey: string;
  webs: BuildServer[];
  /** The seeded run's page, as a path. */
  runPath: string;
  /** bench/pages.ts's "drawn" selector of the run page. */
  drawnSelector: string;
  stop(): Promise<void>;
}

export async function startBuildsStack(dirs: string[], runName: string): Promise<BuildsStack> {
  const api = startChild(
    process.execPath,
    [tsxCli, 'e2e/harness/api-server.ts', `--bench-runs=${RUNS}`],
    {
      cwd: appDir,
      env: { ...process.env, LOG_LEVEL: 'warn' },
      name: 'api',
    },
  );
  const webs: BuildServer[] = [];
  const stop = async () => {
    for (const web of webs) await web.child.stop();
    await api.stop();
  };
  try {
    const info = JSON.parse(await firstLine(api, 300_000)) as {
      url: string;
      adminKey: string;
      projectId: string;
    };
    for (const dir of dirs) {
      const web = await startWeb(info.url, dir, path.basename(dir));
      webs.push({ name: path.relative(process.cwd(), dir) || '.', ...web });
    }
    const run = await seedRun(new ApiClient(info.url, info.adminKey), info.projectId, {
      name: runName,
    });
    return {
      adminKey: info.adminKey,
      webs,
      runPath: `/runs/${run.id}`,
      drawnSelector: BENCH_PAGES.find((page) => page.name === 'run')!.drawnSelector,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
