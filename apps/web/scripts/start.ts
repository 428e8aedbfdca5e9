// `npm start -w @hpa-lab/web` (and the root `npm start`): serves the dashboard on
// HPA_WEB_HOST:HPA_WEB_PORT (127.0.0.1:3000). Production mode: `next build` runs first when
// there is no build or a source file is newer than it, so a fresh checkout just works and a
// warm start takes a second. `--dev` runs `next dev` instead (hot reload).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { loadServerEnv } from '@/env.ts';

const appDir = path.join(import.meta.dirname, '..');
const buildIdFile = path.join(appDir, '.next', 'BUILD_ID');
const nextBin = path.join(
  path.dirname(createRequire(import.meta.url).resolve('next/package.json')),
  'dist/bin/next',
);

/**
 * Newest modification time under the inputs of a build: sources, config, the workspace packages
 * Next compiles in (next.config.ts, transpilePackages) and the lock file (dependency versions),
 * so a `git pull` that changes only one of those rebuilds too.
 */
function newestInputMtime(): number {
  const inputs = [
    'src',
    'next.config.ts',
    'package.json',
    'postcss.config.mjs',
    '../../packages/ml/src',
    '../../packages/logging/src',
    '../../package-lock.json',
  ];
  let newest = 0;
  const visit = (file: string) => {
    const stat = statSync(file);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(file)) visit(path.join(file, entry));
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const input of inputs) {
    const file = path.join(appDir, input);
    if (existsSync(file)) visit(file);
  }
  return newest;
}

function buildIsCurrent(): boolean {
  return existsSync(buildIdFile) && statSync(buildIdFile).mtimeMs >= newestInputMtime();
}

const env = loadServerEnv();
const dev = process.argv.includes('--dev');

if (!dev && !buildIsCurrent()) {
  console.log('hpa-lab web: building the dashboard (next build), once per change…');
  const build = spawnSync(process.execPath, [nextBin, 'build'], { cwd: appDir, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const child = spawn(
  process.execPath,
  [nextBin, dev ? 'dev' : 'start', '--hostname', env.host, '--port', String(env.port)],
  { cwd: appDir, stdio: 'inherit' },
);
console.log(`hpa-lab web: http://${env.host}:${env.port} (API ${env.apiUrl})`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
