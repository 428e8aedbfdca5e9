// Where the browser's time goes on the run page (or BENCH_PAGE's page of bench/pages.ts, e.g.
// BENCH_PAGE=compare): `npx tsx bench/trace-run-page.ts <dir> [...]`,
// each dir a copy of apps/web with its own production build (as compare-builds.ts). One API
// with 10,000 runs, one `next start` per build, the bench's run page loaded in headless
// Chromium with a CDP trace (devtools.timeline, V8's sampling profiler, user timing) until the
// bench's "drawn" selector matches. Prints, per build and load, the renderer main thread's
// self time until drawn by kind (script compile, script run, GC, HTML parse, style, layout,
// paint) and the heaviest event names and script URLs; a separate untraced load counts React's
// commits and how often the charts' DOM was rendered before drawn. Traces go to
// .ab/traces/<build>-<n>.json (open them in DevTools' Performance panel). Writes nothing else.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/harness/stack-env';
import { startBuildsStack } from './builds-stack';
import { drawnContext } from './drawn-context';

const TRACES = Number(process.env.TRACE_LOADS ?? 3);
const traceDir = path.resolve(import.meta.dirname, '../../../.ab/traces');
const dirs = process.argv.slice(2).map((dir) => path.resolve(dir));
if (dirs.length < 1) throw new Error('usage: tsx bench/trace-run-page.ts <dir> [...]');

/** V8's sampling profiler names the functions, but its overhead inflates script time ~1.5x. */
const PROFILE = process.env.TRACE_PROFILE !== '0';
const CATEGORIES = [
  ...(PROFILE ? ['disabled-by-default-v8.cpu_profiler'] : []),
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'v8.execute',
  'disabled-by-default-v8.compile',
  'blink.user_timing',
  'toplevel',
  'loading',
];

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: {
    name?: string;
    data?: {
      url?: string;
      cpuProfile?: {
        nodes?: { id: number; parent?: number; callFrame: { url: string; functionName: string } }[];
        samples?: number[];
      };
      timeDeltas?: number[];
    };
  };
}

/** Timeline event names by kind; what is not named is "other". */
const KIND: Record<string, string> = {
  'v8.compile': 'compile',
  'v8.compileModule': 'compile',
  'V8.CompileCode': 'compile',
  'v8.produceCache': 'compile',
  'v8.produceModuleCache': 'compile',
  'V8.CompileLazy': 'compile',
  EvaluateScript: 'script',
  'v8.evaluateModule': 'script',
  FunctionCall: 'script',
  'v8.run': 'script',
  'v8.callFunction': 'script',
  TimerFire: 'script',
  EventDispatch: 'script',
  RunMicrotasks: 'script',
  'V8.Execute': 'script',
  FireAnimationFrame: 'script',
  MinorGC: 'gc',
  MajorGC: 'gc',
  'V8.GC_SCAVENGER': 'gc',
  'BlinkGC.AtomicPhase': 'gc',
  'V8.GCScavenger': 'gc',
  'V8.GCFinalizeMC': 'gc',
  'V8.GCIncrementalMarking': 'gc',
  ParseHTML: 'parse HTML/CSS',
  ParseAuthorStyleSheet: 'parse HTML/CSS',
  UpdateLayoutTree: 'style',
  RecalculateStyles: 'style',
  Layout: 'layout',
  PrePaint: 'paint',
  Paint: 'paint',
  Layerize: 'paint',
  UpdateLayer: 'paint',
  Commit: 'paint',
  'LocalFrameView::RunPostLifecycleSteps': 'paint',
  HitTest: 'other',
};

function kindByPattern(name: string): string {
  if (name.includes('GC')) return 'gc';
  if (/^V8\..*(Parse|Compile|Maglev|Turbofan|Bytecode|Optimiz|Deserializ)/.test(name))
    return 'compile';
  if (name === 'FlushInstructionCache') return 'compile';
  return 'other';
}

const round = (value: number) => Math.round(value);

function mainThread(events: TraceEvent[]) {
  const named = events.find(
    (event) =>
      event.ph === 'M' &&
      event.name === 'thread_name' &&
      event.args?.name === 'CrRendererMain' &&
      events.some((other) => other.pid === event.pid && other.name === 'ParseHTML'),
  );
  if (!named) throw new Error('no renderer main thread with ParseHTML in the trace');
  return { pid: named.pid, tid: named.tid };
}

/** Self time (ms) per event name on one thread between two timestamps (µs). */
function selfTimes(events: TraceEvent[], pid: number, tid: number, from: number, to: number) {
  const complete = events
    .filter(
      (event) =>
        event.pid === pid && event.tid === tid && event.ph === 'X' && event.dur !== undefined,
    )
    .filter((event) => event.ts < to && event.ts + event.dur! > from)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const self = new Map<string, number>();
  const byUrl = new Map<string, number>();
  const stack: { event: TraceEvent; end: number; child: number }[] = [];
  const close = (until: number) => {
    while (stack.length && stack[stack.length - 1]!.end <= until) {
      const top = stack.pop()!;
      const clipped = Math.min(top.end, to) - Math.max(top.event.ts, from);
      const own = Math.max(0, clipped - top.child);
      self.set(top.event.name, (self.get(top.event.name) ?? 0) + own / 1000);
      if (stack.length) stack[stack.length - 1]!.child += clipped;
    }
  };
  for (const event of complete) {
    close(event.ts);
    stack.push({ event, end: event.ts + event.dur!, child: 0 });
    const url = event.args?.data?.url;
    if (
      url &&
      (event.name === 'EvaluateScript' ||
        event.name === 'v8.compile' ||
        event.name === 'v8.compileModule')
    ) {
      const key = `${event.name} ${url.replace(/^.*\/_next\//, '')}`;
      byUrl.set(key, (byUrl.get(key) ?? 0) + event.dur! / 1000);
    }
  }
  close(Number.POSITIVE_INFINITY);
  return { self, byUrl };
}

/** Samples of V8's profiler on the main thread until `to`, self time per script URL and function. */
function profile(events: TraceEvent[], pid: number, tid: number, from: number, to: number) {
  const nodes = new Map<number, { url: string; fn: string }>();
  const byUrl = new Map<string, number>();
  const byFn = new Map<string, number>();
  const chunks = events.filter((event) => event.pid === pid && event.name === 'ProfileChunk');
  const start = events.find((event) => event.pid === pid && event.name === 'Profile');
  if (!start || !chunks.length) return { byUrl, byFn };
  let time = (start.args?.data as { startTime?: number } | undefined)?.startTime ?? start.ts;
  for (const chunk of chunks) {
    const data = chunk.args?.data;
    for (const node of data?.cpuProfile?.nodes ?? []) {
      nodes.set(node.id, { url: node.callFrame.url ?? '', fn: node.callFrame.functionName ?? '' });
    }
    const samples = data?.cpuProfile?.samples ?? [];
    const deltas = data?.timeDeltas ?? [];
    for (let i = 0; i < samples.length; i += 1) {
      const previous = time;
      time += deltas[i] ?? 0;
      if (time < from || time > to) continue;
      const node = nodes.get(samples[i]!);
      if (!node || node.fn === '(idle)' || node.fn === '(program)') continue;
      const ms = (time - previous) / 1000;
      const url = node.url.replace(/^.*\/_next\//, '') || node.fn;
      byUrl.set(url, (byUrl.get(url) ?? 0) + ms);
      const fn = `${node.fn || '(anonymous)'} ${url}`;
      byFn.set(fn, (byFn.get(fn) ?? 0) + ms);
    }
  }
  void tid;
  return { byUrl, byFn };
}

const top = (map: Map<string, number>, count: number) =>
  [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, ms]) => `    ${String(round(ms)).padStart(5)} ms  ${name}`)
    .join('\n');

async function tracedLoad(context: BrowserContext, url: string, selector: string, file: string) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) =>
    events.push(...(value as unknown as TraceEvent[])),
  );
  const complete = new Promise<void>((resolve) =>
    cdp.once('Tracing.tracingComplete', () => resolve()),
  );
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: CATEGORIES, recordMode: 'recordAsMuchAsPossible' },
    transferMode: 'ReportEvents',
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector(selector, { timeout: 120_000 });
  const drawnMs = await page.evaluate(() => (window as { __drawnAt?: number }).__drawnAt ?? NaN);
  await page.waitForTimeout(300);
  await cdp.send('Tracing.end');
  await complete;
  writeFileSync(file, JSON.stringify({ traceEvents: events }));
  const { pid, tid } = mainThread(events);
  const drawn = events.find(
    (event) => event.pid === pid && event.name === 'drawn' && event.cat.includes('user_timing'),
  );
  const navigation =
    events.find((event) => event.pid === pid && event.name === 'navigationStart') ??
    events.find((event) => event.pid === pid && event.name === 'ParseHTML');
  if (!drawn || !navigation) throw new Error('no drawn mark or navigation start in the trace');
  const { self, byUrl } = selfTimes(events, pid, tid, navigation.ts, drawn.ts);
  const kinds = new Map<string, number>();
  for (const [name, ms] of self) {
    const kind = KIND[name] ?? kindByPattern(name);
    kinds.set(kind, (kinds.get(kind) ?? 0) + ms);
  }
  const busy = [...self.values()].reduce((sum, ms) => sum + ms, 0);
  const samples = profile(events, pid, tid, navigation.ts, drawn.ts);
  await context.close();
  return { drawnMs, busy, kinds, self, byUrl, samples };
}

/** Counts React commits and chart renders before drawn through the DevTools hook (untraced). */
async function countRenders(context: BrowserContext, url: string, selector: string) {
  await context.addInitScript(`(() => {
    const commits = [];
    window.__commits = commits;
    const seen = (fiber) => !fiber.alternate || fiber.alternate.memoizedProps !== fiber.memoizedProps;
    window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
      supportsFiber: true, isDisabled: false, renderers: new Map(),
      inject(renderer) { this.renderers.set(1, renderer); return 1; },
      checkDCE() {}, onScheduleFiberRoot() {}, onPostCommitFiberRoot() {}, onCommitFiberUnmount() {},
      onCommitFiberRoot(id, root) {
        if (window.__drawnAt !== undefined) return;
        const count = { at: Math.round(performance.now()), charts: 0, curves: 0, rects: 0, host: 0, names: {} };
        const stack = [root.current];
        while (stack.length) {
          const fiber = stack.pop();
          if (typeof fiber.type === 'string' && seen(fiber)) {
            count.host += 1;
            const cls = fiber.memoizedProps && fiber.memoizedProps.className;
            if (typeof cls === 'string' && cls.includes('recharts-wrapper')) count.charts += 1;
            if (typeof cls === 'string' && cls.includes('recharts-curve')) count.curves += 1;
            if (fiber.type === 'rect') count.rects += 1;
          }
          if (typeof fiber.type === 'function' || (fiber.type && typeof fiber.type === 'object')) {
            const type = fiber.type.type || fiber.type.render || fiber.type;
            const name = type.displayName || type.name;
            const rendered = !fiber.alternate || fiber.alternate.memoizedProps !== fiber.memoizedProps || fiber.alternate.memoizedState !== fiber.memoizedState;
            if (name && rendered) count.names[name] = (count.names[name] || 0) + 1;
          }
          if (fiber.child) stack.push(fiber.child);
          if (fiber.sibling) stack.push(fiber.sibling);
        }
        commits.push(count);
      },
    };
  })();`);
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector(selector, { timeout: 120_000 });
  const commits = await page.evaluate(
    () => (window as unknown as { __commits: unknown[] }).__commits,
  );
  await context.close();
  return commits as {
    at: number;
    charts: number;
    curves: number;
    rects: number;
    host: number;
    names: Record<string, number>;
  }[];
}

const stack = await startBuildsStack(dirs);
let browser: Browser | undefined;
try {
  const { adminKey, drawnSelector: selector, webs } = stack;
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  mkdirSync(traceDir, { recursive: true });
  for (const web of webs) {
    const url = `${web.url}${stack.pagePath}`;
    const cold = await drawnContext(browser, url, adminKey, selector);
    await (await cold.newPage()).goto(url, { waitUntil: 'load' });
    await cold.close();
    const commits = await countRenders(
      await drawnContext(browser, url, adminKey, selector),
      url,
      selector,
    );
    console.log(
      `\n== ${web.name}: React commits before drawn (ms, host nodes rendered, chart wrappers, curve paths, rects)`,
    );
    for (const commit of commits) {
      if (process.env.TRACE_NAMES === '1') {
        const names = Object.entries(commit.names).sort((a, b) => b[1] - a[1]);
        console.log(`    ${names.map(([name, n]) => `${name}×${n}`).join(' ')}`);
      }
      console.log(
        `  ${commit.at} ms: host ${commit.host}, charts ${commit.charts}, curves ${commit.curves}, rects ${commit.rects}`,
      );
    }
    for (let n = 0; n < TRACES; n += 1) {
      const file = path.join(traceDir, `${stack.pageName}-${path.basename(web.name)}-${n}.json`);
      const result = await tracedLoad(
        await drawnContext(browser, url, adminKey, selector),
        url,
        selector,
        file,
      );
      console.log(
        `\n== ${web.name} load ${n}: drawn ${round(result.drawnMs)} ms, main thread busy ${round(result.busy)} ms, load ${os.loadavg()[0]!.toFixed(1)} (${file})`,
      );
      console.log(
        `  by kind: ${[...result.kinds.entries()]
          .sort((a, b) => b[1] - a[1])
          .map(([kind, ms]) => `${kind} ${round(ms)}`)
          .join(', ')}`,
      );
      console.log(`  events (self ms):\n${top(result.self, 14)}`);
      console.log(
        `  script evaluation / compile by chunk (inclusive ms):\n${top(result.byUrl, 10)}`,
      );
      console.log(`  profiler samples by chunk (self ms):\n${top(result.samples.byUrl, 8)}`);
      console.log(`  profiler samples by function (self ms):\n${top(result.samples.byFn, 15)}`);
    }
  }
} finally {
  await browser?.close();
  await stack.stop();
}
