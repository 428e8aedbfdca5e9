// Before/after on a shared machine: `npx tsx bench/compare-builds.ts <dir> <dir> [...]`, each
// dir a copy of apps/web with its own production build (`next build` run in it; a copy must sit
// two levels below the repository root, e.g. .ab/web-before, so node_modules resolve). One API
// with 10,000 runs, one `next start` per build, the run page of bench/pages.ts (or BENCH_PAGE's) timed with the
// same "drawn" selector as bench/run.ts, the builds taking turns in rotating order each round,
// so load that drifts during the sitting hits all of them alike. Prints per-round timings
// (with the load average) and the medians; writes nothing.
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { median } from '@hpa-lab/bench-kit';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/harness/stack-env';
import { startBuildsStack } from './builds-stack';
import { drawnContext } from './drawn-context';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
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

async function timePage(browser: Browser, url: string, key: string, selector: string) {
  const context = await drawnContext(browser, url, key, selector);
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

const stack = await startBuildsStack(dirs);
const webs = stack.webs.map((web) => ({ ...web, timings: [] as Timing[] }));
let browser: Browser | undefined;
try {
  const selector = stack.drawnSelector;
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const time = (web: (typeof webs)[number]) =>
    timePage(browser!, `${web.url}${stack.pagePath}`, stack.adminKey, selector);
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
  await stack.stop();
}
