#!/usr/bin/env node
// `npm start`: brings up the whole platform on the embedded defaults (PGlite in HPA_LAB_HOME,
// local artifact directory, in-process queue) unless DATABASE_URL / REDIS_URL say otherwise.
// It starts the apps in data-flow order: apps/platform (the API, with the trainer in-process
// when there is no Redis) before the trainer worker and the dashboard, each only if it has a
// `start` script; it prefixes their output and stops them all on Ctrl-C. apps/api is not
// started on its own: apps/platform is the API process.
// Before any app exists it applies the migrations, so the database is ready either way.
//
// Logs: the apps' stdout is a pipe to this process, so on their own they would log JSON lines
// (@hpa-lab/logging). When this process's stdout is a terminal and LOG_FORMAT is unset, it asks
// them for pretty, coloured lines (LOG_FORMAT=pretty, FORCE_COLOR=1) and prefixes each with the
// app's name in its colour. Otherwise (a pipe, a file, LOG_FORMAT=json) the JSON lines pass
// through as they are, still one object per line with the app's `name`; only other output (Next's
// build, npm) gets the plain `[app]` prefix.
//
// Before starting anything it checks what users get wrong (scripts/start/preflight.mjs) and
// answers each with one line. Once the platform reports the API up (a ready file it writes, see
// apps/platform/src/ready-file.ts) and the dashboard answers, it prints one block: sign-in link,
// data folder, how to stop, team mode (scripts/start/ready-block.mjs).
//
// Options: --no-demo (or HPA_NO_DEMO=1) skips the demo runs a first start launches;
// --only <app,...> starts only those of platform, trainer, web (e.g. the API alone).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { homeProblem, portProblem, serviceProblem } from './start/preflight.mjs';
import { readyBlockLines, readyJsonLine } from './start/ready-block.mjs';

const root = join(import.meta.dirname, '..');
const ORDER = ['platform', 'trainer', 'web'];

function fail(line) {
  console.error(`hpa-lab: ${line}`);
  process.exit(2);
}

let options;
try {
  options = parseArgs({
    options: { 'no-demo': { type: 'boolean', default: false }, only: { type: 'string' } },
  }).values;
} catch (error) {
  fail(`${error.message}; the options are --no-demo and --only <platform,trainer,web>`);
}
const only = options.only?.split(',').map((name) => name.trim());
const unknownApp = only?.find((name) => !ORDER.includes(name));
if (unknownApp) fail(`--only: no app "${unknownApp}"; pick from ${ORDER.join(', ')}`);

const pretty =
  process.env.LOG_FORMAT === 'pretty' ||
  (process.stdout.isTTY === true && process.env.LOG_FORMAT === undefined);
const colour = pretty && !process.env.NO_COLOR;

// One environment for every app (apps/web reads HPA_WEB_*, not PORT/HOST): the addresses each
// app needs of the others follow PORT and HPA_WEB_PORT unless set.
const env = process.env;
const home = resolve(env.HPA_LAB_HOME || join(homedir(), '.hpa-lab'));
const apiHost = env.HOST || '127.0.0.1';
const apiPort = Number(env.PORT || 4000);
const webHost = env.HPA_WEB_HOST || '127.0.0.1';
const webPort = Number(env.HPA_WEB_PORT || 3000);
const urlHost = (host) => (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host);
const readyDir = mkdtempSync(join(tmpdir(), 'hpa-lab-start-'));
const readyFile = join(readyDir, 'ready.json');
const demo = !options['no-demo'] && !['1', 'true', 'yes'].includes(env.HPA_NO_DEMO ?? '');
const webUrl = env.HPA_WEB_URL || `http://${urlHost(webHost)}:${webPort}`;
const childEnv = {
  ...env,
  HPA_LAB_HOME: home,
  HPA_API_URL: env.HPA_API_URL || `http://${urlHost(apiHost)}:${apiPort}`,
  HPA_WEB_URL: webUrl,
  HPA_LAB_READY_FILE: readyFile,
  HPA_DEMO: demo ? '1' : '0',
  // The demo trains once the dashboard answers: on a first start its `next build` needs the cores
  // (apps/platform/src/env.ts says what it cost).
  ...(demo && (!only || only.includes('web')) ? { HPA_DEMO_WAIT_FOR: webUrl } : {}),
  ...(pretty ? { LOG_FORMAT: 'pretty', ...(colour ? { FORCE_COLOR: '1' } : {}) } : {}),
};
process.on('exit', () => rmSync(readyDir, { recursive: true, force: true }));
// Cyan, magenta, yellow: one per app, in ORDER.
const PREFIX_COLOURS = ['\u001b[36m', '\u001b[35m', '\u001b[33m'];
const RESET = '\u001b[0m';

function prefixFor(name) {
  if (!colour) return `[${name}] `;
  const code = PREFIX_COLOURS[ORDER.indexOf(name) % PREFIX_COLOURS.length];
  return `${code}[${name}]${RESET} `;
}

function appsWithStart() {
  return ORDER.filter((name) => !only || only.includes(name))
    .map((name) => ({ name, dir: join(root, 'apps', name) }))
    .filter(({ dir }) => existsSync(join(dir, 'package.json')))
    .map((app) => ({
      ...app,
      pkg: JSON.parse(readFileSync(join(app.dir, 'package.json'), 'utf8')),
    }))
    .filter(({ pkg }) => pkg.scripts?.start);
}

const apps = appsWithStart();
if (apps.length === 0) {
  console.log('hpa-lab: no app has a start script yet; applying database migrations only.');
  const result = spawnSync('npm', ['run', 'db:deploy'], { cwd: root, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

const started = new Set(apps.map((app) => app.name));
const problems = [homeProblem(home)];
if (started.has('platform') && apiPort !== 0) {
  problems.push(
    await portProblem(
      apiPort,
      apiHost,
      'the API',
      `start on another: PORT=${apiPort + 1} npm start`,
    ),
  );
}
if (started.has('web') && webPort !== 0) {
  problems.push(
    await portProblem(
      webPort,
      webHost,
      'the dashboard',
      `start on another: HPA_WEB_PORT=${webPort + 1} npm start`,
    ),
  );
}
if (env.DATABASE_URL?.trim()) {
  problems.push(
    await serviceProblem(
      'DATABASE_URL',
      env.DATABASE_URL,
      5432,
      'start PostgreSQL there (docker compose up -d postgres), correct the URL, or unset it ' +
        'to use the embedded database',
    ),
  );
}
if (env.REDIS_URL?.trim()) {
  problems.push(
    await serviceProblem(
      'REDIS_URL',
      env.REDIS_URL,
      6379,
      'start Redis there (docker compose up -d redis), correct the URL, or unset it to train ' +
        'in-process',
    ),
  );
}
const found = problems.filter(Boolean);
if (found.length > 0) {
  for (const line of found) console.error(`hpa-lab: ${line}`);
  process.exit(1);
}

const children = [];
let stopping = false;

// Each app runs in its own process group (npm -> sh -> tsx -> node): signal the whole group,
// or the grandchildren outlive `npm start` when it is stopped by `kill` rather than Ctrl-C.
function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
    return true;
  } catch {
    return false; // the group is gone
  }
}

const STOP_GRACE_MS = 10_000;

function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) signalGroup(child, 'SIGTERM');
  // Wait for every process of every group (not just npm) so a run being interrupted can still
  // report itself to the API; after the grace period, kill what is left.
  const deadline = Date.now() + STOP_GRACE_MS;
  const timer = setInterval(() => {
    const alive = children.filter((child) => signalGroup(child, 0));
    if (alive.length > 0 && Date.now() < deadline) return;
    for (const child of alive) signalGroup(child, 'SIGKILL');
    clearInterval(timer);
    process.exit(code);
  }, 100);
}

function prefixLines(name, stream, target) {
  const prefix = prefixFor(name);
  let buffered = '';
  stream.on('data', (chunk) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      // A JSON log line stays parseable: pino's `name` already says which app wrote it.
      target.write(!pretty && line.startsWith('{') ? `${line}\n` : `${prefix}${line}\n`);
    }
  });
}

for (const app of apps) {
  console.log(`hpa-lab: starting ${app.pkg.name}`);
  const child = spawn('npm', ['run', 'start', '--silent'], {
    cwd: app.dir,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  prefixLines(app.name, child.stdout, process.stdout);
  prefixLines(app.name, child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`hpa-lab: ${app.pkg.name} exited (${signal ?? code}); stopping the others`);
    stopAll(code ?? 1);
  });
  children.push(child);
}

// The apps run in their own process groups, so only this process hears a Ctrl-C, a `kill` or a
// closed terminal (SIGHUP): each stops them all. `npm start` execs this script (package.json), so
// npm's forwarding of a signal sent to npm alone reaches it too.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stopAll(0));
// Whoever started us died without a signal we could hear (npm killed with SIGKILL, a shell
// script's parent gone): we were re-parented, and nobody is left to stop the apps but us.
const parent = process.ppid;
const orphanWatch = setInterval(() => {
  if (process.ppid !== parent) stopAll(1);
}, 500);
orphanWatch.unref();

/** Whether the dashboard answers HTTP at all (any status: it is up). */
async function dashboardAnswers(url) {
  try {
    await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(5000) });
    return true;
  } catch {
    return false;
  }
}

// The ready block, once: after the platform's report and the dashboard's first answer.
async function announceWhenReady() {
  while (!stopping) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    if (!existsSync(readyFile)) continue;
    const report = JSON.parse(readFileSync(readyFile, 'utf8'));
    if (started.has('web') && !(await dashboardAnswers(report.webUrl))) continue;
    if (stopping) return;
    const context = { dashboard: started.has('web'), demo };
    if (!pretty) {
      console.log(readyJsonLine(report, context));
      return;
    }
    const bold = (line) =>
      colour && line.startsWith('hpa-lab') ? `\u001b[1m${line}${RESET}` : line;
    console.log(readyBlockLines(report, context).map(bold).join('\n'));
    return;
  }
}
if (started.has('platform')) void announceWhenReady();
