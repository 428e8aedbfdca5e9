#!/usr/bin/env node
// `npm start`: brings up the whole platform on the embedded defaults (PGlite in HPA_LAB_HOME,
// local artifact directory, in-process queue) unless DATABASE_URL / REDIS_URL say otherwise.
// It starts the apps in data-flow order: apps/platform (the API, with the trainer in-process
// when there is no Redis) before the trainer worker and the dashboard, each only if it has a
// `start` script; it prefixes their output and stops them all on Ctrl-C. apps/api is not
// started on its own: apps/platform is the API process.
// Before any app exists it applies the migrations, so the database is ready either way.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const ORDER = ['platform', 'trainer', 'web'];

function appsWithStart() {
  return ORDER.map((name) => ({ name, dir: join(root, 'apps', name) }))
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
  let buffered = '';
  stream.on('data', (chunk) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) target.write(`[${name}] ${line}\n`);
  });
}

for (const app of apps) {
  console.log(`hpa-lab: starting ${app.pkg.name}`);
  const child = spawn('npm', ['run', 'start', '--silent'], {
    cwd: app.dir,
    env: process.env,
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

process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
