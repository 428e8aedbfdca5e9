// Before/after on a shared machine: `npx tsx bench/compare-builds.ts <dir> <dir> [...]`, each
// dir a copy of apps/web with its own production build (`next build` run in it; a copy must sit
// two levels below the repository root, e.g. .ab/web-before, so node_modules resolve). One API
// with 10,000 runs, one `next start` per build, the run page of bench/pages.ts timed with the
// same "drawn" selector as bench/run.ts, the builds taking turns in rotating order each round,
// so load that drifts during the sitting hits all of them alike. Prints per-round timings
// (with the load average) and the medians; writes nothing.
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { ApiClient } from '../e2e/harness/api-client';
import { type Child, firstLine, freePort, startChild, waitForHttp } from '../e2e/harness/processes';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/harness/stack-env';
import { seedRun } from '../e2e/run-page-seed';
import { BENCH_PAGES } from './pages';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const RUNS = 10_000;
const require = createRequire(import.meta.url);
const nextBin = path.join(path.dirname(require.resolve('next/package.json')), 'dist/bin/next');
const tsxCli = require.resolve('tsx/cli');
const appDir = path.resolve(import.meta.dirname, '..');
const dirs = process.argv.slice(2).map((dir) => path.resolve(dir));
if (dirs.length < 2) throw new Error('usage: tsx bench/compare-builds.ts <dir> <dir> [...]');

interface Timing {
  status: number | undefined;
  /** Navigation start to the page drawn (bench/pages.ts's selector), ms. */
  drawn: number;
  /** First byte and end of the HTML (navigation timing), ms. */
  ttfb: number;
  html: number;
  /**
   * The page's main-thread busy time until drawn (CDP TaskDuration; script alone:
   * ScriptDuration), ms: the browser's share of `drawn`, without the servers' time. It is the
   * wall time of the renderer's tasks, so load inflates it too (3-4x at load 12).
   */
  task: number;
  script: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function timeRunPage(browser: Browser, url: string, key: string, selector: string) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addCookies([
    // For the whole site, as sign-in sets it (a cookie for the page's URL would have the path
    // /runs/, and the header's links would prefetch the sign-in redirect instead of their page).
    {
      name: 'hpa_session',
      value: key,
      url: new URL(url).origin,
      httpOnly: true,
      sameSite: 'Strict',
    },
  ]);
  await context.addInitScript(`(() => {
    const mark = () => {
      if (window.__drawnAt === undefined && document.querySelector(${JSON.stringify(selector)})) {
        window.__drawnAt = performance.now();
      }
    };
    new MutationObserver(mark).observe(document, { childList: true, subtree: true });
  })();`);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const response = await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector(selector, { timeout: 120_000 });
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string) =>
    1000 * (metrics.find((entry) => entry.name === name)?.value ?? Number.NaN);
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return {
      drawn: (window as { __drawnAt?: number }).__drawnAt ?? Number.NaN,
      ttfb: nav.responseStart,
      html: nav.responseEnd,
    };
  });
  await context.close();
  return {
    status: response?.status(),
    ...timing,
    task: metric('TaskDuration'),
    script: metric('ScriptDuration'),
  } satisfies Timing;
}

const api = startChild(
  process.execPath,
  [tsxCli, 'e2e/harness/api-server.ts', `--bench-runs=${RUNS}`],
  {
    cwd: appDir,
    env: { ...process.env, LOG_LEVEL: 'warn' },
    name: 'api',
  },
);
const webs: { name: string; child: Child; url: string; timings: Timing[] }[] = [];
let browser: Browser | undefined;
try {
  const info = JSON.parse(await firstLine(api, 300_000)) as {
    url: string;
    adminKey: string;
    projectId: string;
  };
  for (const dir of dirs) {
    const port = await freePort();
    const child = startChild(
      process.execPath,
      [nextBin, 'start', '--hostname', '127.0.0.1', '--port', String(port)],
      {
        cwd: dir,
        env: {
          ...process.env,
          HPA_API_URL: info.url,
          NEXT_TELEMETRY_DISABLED: '1',
          LOG_LEVEL: 'warn',
        },
        name: path.basename(dir),
      },
    );
    const url = `http://127.0.0.1:${port}`;
    webs.push({ name: path.relative(process.cwd(), dir) || '.', child, url, timings: [] });
    await waitForHttp(`${url}/sign-in`, child, 60_000);
  }
  const run = await seedRun(new ApiClient(info.url, info.adminKey), info.projectId, {
    name: 'compare-builds run page',
  });
  const selector = BENCH_PAGES.find((page) => page.name === 'run')!.drawnSelector;
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const time = (web: (typeof webs)[number]) =>
    timeRunPage(browser!, `${web.url}/runs/${run.id}`, info.adminKey, selector);
  for (const web of webs) await time(web); // the cold load of each build is not counted
  for (let round = 0; round < ROUNDS; round += 1) {
    for (let i = 0; i < webs.length; i += 1) {
      const web = webs[(i + round) % webs.length]!;
      const timing = await time(web);
      web.timings.push(timing);
      const ms = (value: number) => Math.round(value);
      console.log(
        `round ${round} ${web.name}: drawn ${ms(timing.drawn)} ms, first byte ${ms(timing.ttfb)}, html ${ms(timing.html)}, main thread ${ms(timing.task)} (script ${ms(timing.script)}), HTTP ${timing.status}, load ${os.loadavg()[0]!.toFixed(1)}`,
      );
    }
  }
  for (const web of webs) {
    const drawn = web.timings.map((timing) => timing.drawn);
    console.log(
      `${web.name}: median drawn ${Math.round(median(drawn))} ms (${Math.round(Math.min(...drawn))}-${Math.round(Math.max(...drawn))}), first byte ${Math.round(median(web.timings.map((t) => t.ttfb)))} ms, html ${Math.round(median(web.timings.map((t) => t.html)))} ms, main thread ${Math.round(median(web.timings.map((t) => t.task)))} ms (script ${Math.round(median(web.timings.map((t) => t.script)))} ms)`,
    );
  }
} finally {
  await browser?.close();
  for (const web of webs) await web.child.stop();
  await api.stop();
}
