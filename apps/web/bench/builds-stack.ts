// What compare-builds.ts and trace-run-page.ts measure against: one API with 10,000 runs (the
// e2e harness's api-server.ts), one `next start` per build directory (each a copy of apps/web
// with its own production build), and one page of bench/pages.ts seeded: the run page, or the
// one BENCH_PAGE names (e.g. BENCH_PAGE=compare). stop() ends all of it.
import { createRequire } from 'node:module';
import path from 'node:path';
import { type Child, firstLine, startChild } from '../e2e/harness/processes';
import { startWeb } from '../e2e/harness/stack';
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
  /** The API's URL (for timing its requests beside the pages'). */
  apiUrl: string;
  adminKey: string;
  webs: BuildServer[];
  /** bench/pages.ts's name of the page measured. */
  pageName: string;
  /** The seeded page, as a path. */
  pagePath: string;
  /** bench/pages.ts's "drawn" selector of that page. */
  drawnSelector: string;
  stop(): Promise<void>;
}

/** The page of bench/pages.ts to measure: BENCH_PAGE, the run page when unset. */
function benchPage() {
  const name = process.env.BENCH_PAGE ?? 'run';
  const page = BENCH_PAGES.find((entry) => entry.name === name);
  if (!page) {
    throw new Error(
      `BENCH_PAGE=${name} is not a page of bench/pages.ts (${BENCH_PAGES.map((entry) => entry.name).join(', ')})`,
    );
  }
  return page;
}

export async function startBuildsStack(dirs: string[]): Promise<BuildsStack> {
  const page = benchPage();
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
    const pagePath = await page.prepare({
      webUrl: webs[0]?.url ?? '',
      apiUrl: info.url,
      adminKey: info.adminKey,
      adminId: '',
      projectId: info.projectId,
      signInToken: '',
    });
    return {
      apiUrl: info.url,
      adminKey: info.adminKey,
      webs,
      pageName: page.name,
      pagePath,
      // Builds whose markup differs (a before/after that renamed what "drawn" waits for) are
      // timed with one selector that matches both: BENCH_DRAWN_SELECTOR.
      drawnSelector: process.env.BENCH_DRAWN_SELECTOR ?? page.drawnSelector,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
