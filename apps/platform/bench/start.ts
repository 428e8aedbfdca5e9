// `npm run bench -w @hpa-lab/platform`: how long `npm start` takes, as a newcomer meets it. The
// first start of this checkout (no dashboard build: apps/web/.next removed; an empty
// HPA_LAB_HOME): seconds from `npm start` until the dashboard answers (the ready line, which
// npm start prints once the API is up and the dashboard answers HTTP) and until the three demo
// runs have finished; then a later start on the same data (the build and the demo kept): until
// the dashboard answers. For a fresh clone, run it in one right after `npm install`.
// The machine is shared: it waits for a 1-minute load average below BENCH_MAX_LOAD (1) for at
// most BENCH_MAX_WAIT_S (300 s), and the load before and after goes with the numbers.
// Results: bench/results/start-<date>.json, and a line for bench/results/README.md's table.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createServer } from 'node:net';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const MAX_LOAD = Number(process.env.BENCH_MAX_LOAD ?? 1);
const MAX_WAIT_S = Number(process.env.BENCH_MAX_WAIT_S ?? 300);
const DEMO_LIMIT_S = 15 * 60;

const load = () => loadavg().map((value) => Math.round(value * 100) / 100);

async function waitForQuiet(): Promise<{ reliable: boolean; waitedS: number }> {
  const started = Date.now();
  while (loadavg()[0]! >= MAX_LOAD) {
    const waitedS = (Date.now() - started) / 1000;
    if (waitedS >= MAX_WAIT_S) return { reliable: false, waitedS: Math.round(waitedS) };
    await new Promise((resolve) => setTimeout(resolve, 5000));
  }
  return { reliable: true, waitedS: Math.round((Date.now() - started) / 1000) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

interface Timed {
  /** Seconds from spawning `npm start` until each awaited message, by message. */
  seconds: Record<string, number>;
  /** Every log message, in order (to tell a demo that succeeded from one that failed). */
  messages: string[];
}

/**
 * Runs `npm start` (JSON output) until every message of `until` has been logged, then stops it
 * with Ctrl-C (SIGINT to npm) and waits for it to exit.
 */
async function timeStart(env: NodeJS.ProcessEnv, until: string[], limitS: number): Promise<Timed> {
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: { ...env, LOG_FORMAT: 'json' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const seconds: Record<string, number> = {};
  const messages: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let buffered = '';
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not done within ${limitS} s`)), limitS * 1000);
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('{')) continue;
        const msg = String((JSON.parse(line) as { msg?: unknown }).msg ?? '');
        messages.push(msg);
        for (const wanted of until) {
          if (seconds[wanted] === undefined && msg.startsWith(wanted)) {
            seconds[wanted] = Math.round((performance.now() - started) / 100) / 10;
          }
        }
      }
      if (until.every((wanted) => seconds[wanted] !== undefined)) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(() => reject(new Error('npm start exited early')));
  });
  try {
    await done;
  } finally {
    child.kill('SIGINT');
    await exited;
  }
  return { seconds, messages };
}

const quiet = await waitForQuiet();
const loadBefore = load();
const home = mkdtempSync(path.join(tmpdir(), 'hpa-bench-start-'));
rmSync(path.join(ROOT, 'apps/web/.next'), { recursive: true, force: true });
const env: NodeJS.ProcessEnv = {
  ...process.env,
  HPA_LAB_HOME: home,
  PORT: String(await freePort()),
  HPA_WEB_PORT: String(await freePort()),
};
for (const name of ['DATABASE_URL', 'REDIS_URL', 'HPA_NO_DEMO', 'HPA_API_URL', 'HPA_WEB_URL']) {
  delete env[name];
}
try {
  const first = await timeStart(env, ['hpa-lab is ready', 'demo finished'], DEMO_LIMIT_S);
  const loadAfterFirst = load();
  const later = await timeStart(env, ['hpa-lab is ready'], 300);
  const result = {
    bench: 'start',
    date: new Date().toISOString(),
    reliable: quiet.reliable,
    machine: { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version },
    load: { before: loadBefore, afterFirstStart: loadAfterFirst, after: load() },
    waitedS: quiet.waitedS,
    firstStart: {
      dashboardS: first.seconds['hpa-lab is ready'],
      demoFinishedS: first.seconds['demo finished'],
      // "demo finished" comes once every demo run has ended, failed ones too.
      demoRunsSucceeded: first.messages.filter((msg) => /^demo \d+\/\d+: .* succeeded/.test(msg))
        .length,
    },
    laterStart: { dashboardS: later.seconds['hpa-lab is ready'] },
    goals: { firstDashboardS: 60, demoFinishedS: 300 },
  };
  mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true });
  const file = path.join(
    import.meta.dirname,
    'results',
    `start-${result.date.slice(0, 19).replaceAll(':', '-')}.json`,
  );
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
  console.log(
    `| ${result.date.slice(0, 16).replace('T', ' ')} | ${result.machine.cpu}, ${result.machine.cores} cores | ` +
      `${loadBefore.join(', ')} -> ${result.load.after.join(', ')}${quiet.reliable ? '' : ' (not quiet)'} | ` +
      `${result.firstStart.dashboardS} s | ${result.firstStart.demoFinishedS} s ` +
      `(${result.firstStart.demoRunsSucceeded}/3 succeeded) | ${result.laterStart.dashboardS} s |`,
  );
} finally {
  rmSync(home, { recursive: true, force: true });
}
