// `npm run bench -w @hpa-lab/web` (after `next build`): the dashboard's production build in
// headless Chromium against a real API with 10,000 runs. For each page of bench/pages.ts: the
// time from navigation start until its content is drawn (one cold load, then the median and
// range of 5), and the JavaScript each page ships (gzip). The machine is shared: before each
// page the bench waits for a 1-minute load average below BENCH_MAX_LOAD (default 1), for at
// most BENCH_MAX_WAIT_S (default 300 s); a page measured on a busier machine is marked
// `reliable: false`, and so is the whole result. The load goes with every number.
// BENCH_ONLY=launch,run times only those pages (their scripts too): a partial result, written
// beside the others but not as latest.json. `live` (also in BENCH_ONLY) is issue 20's measure:
// logMetrics returning -> the point drawn on an open run page (bench/live-latency.ts).
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from '@playwright/test';
import { cpuInfo, loadNow, median, spread, waitForQuiet } from '@hpa-lab/bench-kit';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/harness/stack-env';
import { startStack } from '../e2e/harness/stack';
import { drawnAt, drawnContext, signedInContext } from './drawn-context';
import { liveLatency } from './live-latency';
import { BENCH_PAGES, JS_PAGES } from './pages';

const RUNS = 10_000;
const REPEATS = 5;
const MAX_LOAD = Number(process.env.BENCH_MAX_LOAD ?? 1);
const MAX_WAIT_S = Number(process.env.BENCH_MAX_WAIT_S ?? 300);
const resultsDir = path.join(import.meta.dirname, 'results');
const ONLY = process.env.BENCH_ONLY?.split(',')
  .map((name) => name.trim())
  .filter(Boolean);
const unknownPages = (ONLY ?? []).filter(
  (name) => name !== 'live' && !BENCH_PAGES.some((benchPage) => benchPage.name === name),
);
if (unknownPages.length > 0) {
  throw new Error(
    `BENCH_ONLY names no bench page: ${unknownPages.join(', ')} (pages: ${BENCH_PAGES.map((benchPage) => benchPage.name).join(', ')}, live)`,
  );
}
const LIVE = !ONLY || ONLY.includes('live');
const timedPages = ONLY
  ? BENCH_PAGES.filter((benchPage) => ONLY.includes(benchPage.name))
  : BENCH_PAGES;

const round = (value: number) => Math.round(value * 10) / 10;

function load() {
  const [one, five, fifteen] = os.loadavg();
  return { '1m': round(one!), '5m': round(five!), '15m': round(fifteen!) };
}

/**
 * One load: drawn (the page's selector), and from the navigation's timing where the time went
 * before it: the HTML's first byte (the server: its API requests and render until the first
 * flush) and its last (the streamed sections' server work); drawn minus the last byte is the
 * browser's (scripts, hydration, charts).
 */
interface PageTimes {
  drawn: number;
  firstByte: number;
  htmlDone: number;
}

async function timePage(
  browser: Browser,
  webUrl: string,
  key: string,
  pagePath: string,
  selector: string,
): Promise<PageTimes> {
  const context = await drawnContext(browser, webUrl, key, selector);
  const page = await context.newPage();
  await page.goto(`${webUrl}${pagePath}`, { waitUntil: 'load' });
  await page.waitForSelector(selector, { timeout: 60_000 });
  const drawn = await drawnAt(page);
  const navigation = await page.evaluate(() => {
    const [entry] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
    return { firstByte: entry?.responseStart ?? NaN, htmlDone: entry?.responseEnd ?? NaN };
  });
  await context.close();
  if (drawn === undefined) throw new Error(`${pagePath}: ${selector} never appeared`);
  return { drawn, ...navigation };
}

async function javascriptOf(browser: Browser, webUrl: string, key: string, pagePath: string) {
  const context = await signedInContext(browser, webUrl, key);
  const page = await context.newPage();
  const scripts: Promise<{ url: string; bytes: number; gzip: number }>[] = [];
  let lastScriptAt = performance.now();
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'script') return;
    lastScriptAt = performance.now();
    scripts.push(
      response.body().then((body) => ({
        url: new URL(response.url()).pathname,
        bytes: body.length,
        gzip: gzipSync(body, { level: 9 }).length,
      })),
    );
  });
  // Not 'networkidle': /runs and a run page keep their live stream (/live/stream) open. Next's
  // bootstrap, then a second without a new script, stands for "every chunk the page loads".
  await page.goto(`${webUrl}${pagePath}`, { waitUntil: 'load' });
  await page.waitForFunction(() => typeof (window as { next?: unknown }).next === 'object');
  while (performance.now() - lastScriptAt < 1000) await page.waitForTimeout(250);
  const files = await Promise.all(scripts);
  await context.close();
  return {
    files: files.length,
    bytes: files.reduce((sum, file) => sum + file.bytes, 0),
    gzipBytes: files.reduce((sum, file) => sum + file.gzip, 0),
  };
}

const loadBefore = load();
console.log(`web bench: seeding ${RUNS} runs and starting the API and the production build…`);
const seedStarted = Date.now();
const stack = await startStack({ benchRuns: RUNS, apiStartTimeoutMs: 300_000 });
const seedSeconds = round((Date.now() - seedStarted) / 1000);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  const pages: Record<string, unknown> = {};
  let reliable = true;
  const javascriptPages = ONLY ? [] : [...JS_PAGES];
  for (const benchPage of timedPages) {
    const pagePath = await benchPage.prepare(stack.info);
    if (!javascriptPages.some((entry) => entry.name === benchPage.name)) {
      javascriptPages.push({ name: benchPage.name, path: pagePath });
    }
    const time = () =>
      timePage(browser, stack.info.webUrl, stack.info.adminKey, pagePath, benchPage.drawnSelector);
    const gate = await waitForQuiet(MAX_LOAD, MAX_WAIT_S, 5, (line) =>
      console.log(`${benchPage.name}: ${line}`),
    );
    const coldMs = (await time()).drawn;
    const loads: PageTimes[] = [];
    for (let i = 0; i < REPEATS; i += 1) loads.push(await time());
    const samples = loads.map((times) => times.drawn);
    const { min, max } = spread(samples);
    reliable &&= gate.reliable;
    pages[benchPage.name] = {
      path: pagePath,
      drawn: benchPage.drawn,
      coldMs: round(coldMs),
      medianMs: round(median(samples)),
      rangeMs: [round(min), round(max)],
      samplesMs: samples.map(round),
      firstByteMedianMs: round(median(loads.map((times) => times.firstByte))),
      htmlDoneMedianMs: round(median(loads.map((times) => times.htmlDone))),
      reliable: gate.reliable,
      waitedS: gate.waitedS,
      loadBefore: gate.loadBefore,
      loadAfter: loadNow(),
    };
    console.log(
      `${benchPage.name}: median ${round(median(samples))} ms (${round(min)}-${round(max)}; cold ${round(coldMs)} ms; HTML first byte ${round(median(loads.map((times) => times.firstByte)))} ms, last ${round(median(loads.map((times) => times.htmlDone)))} ms), load ${gate.loadBefore.join(' ')} before${gate.reliable ? '' : ' (unreliable)'}`,
    );
  }
  let live: Record<string, unknown> | null = null;
  if (LIVE) {
    const gate = await waitForQuiet(MAX_LOAD, MAX_WAIT_S, 5, (line) =>
      console.log(`live: ${line}`),
    );
    live = {
      ...(await liveLatency(browser, stack.info)),
      reliable: gate.reliable,
      loadBefore: gate.loadBefore,
      loadAfter: loadNow(),
    };
    reliable &&= gate.reliable;
    console.log(`live: ${JSON.stringify(live)}`);
  }
  const javascript: Record<string, unknown> = {};
  for (const { name, path: pagePath } of javascriptPages) {
    javascript[name] = await javascriptOf(
      browser,
      stack.info.webUrl,
      stack.info.adminKey,
      pagePath,
    );
    console.log(`${name}: ${JSON.stringify(javascript[name])}`);
  }
  const result = {
    bench: 'web',
    date: new Date().toISOString(),
    reliable,
    settings: { maxLoad: MAX_LOAD, maxWaitS: MAX_WAIT_S, only: ONLY ?? null },
    machine: {
      cpu: cpuInfo().model,
      cores: os.cpus().length,
      memoryGiB: round(os.totalmem() / 1024 ** 3),
      node: process.version,
      chromium: browser.version(),
    },
    load: { before: loadBefore, after: load() },
    runs: RUNS,
    seedAndStartSeconds: seedSeconds,
    repeats: REPEATS,
    pages,
    live,
    javascript,
  };
  await mkdir(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `web-${result.date.slice(0, 19).replace(/:/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  if (!ONLY) {
    await writeFile(path.join(resultsDir, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  }
  console.log(`web bench: results in ${path.relative(process.cwd(), file)}`);
} finally {
  await browser.close();
  await stack.stop();
}
