// The root `npm start` (scripts/start.mjs) as a child process for the tests, as a user runs it:
// its output, its exit, a signal to that one process (never its group), and the processes it
// started (to check that stopping it leaves none running).
import { execFileSync, spawn } from 'node:child_process';
import { connect } from 'node:net';
import path from 'node:path';
import { apiChildEnv } from '@hpa-lab/api/testing';

const ROOT = path.resolve(import.meta.dirname, '../../..');

export interface Started {
  output: () => string;
  errors: () => string;
  exited: Promise<number | null>;
  signal: (name: NodeJS.Signals) => void;
  pid: number;
}

/**
 * `node scripts/start.mjs <args>` (or `npm start -- <args>` with `via: 'npm'`); plain pretty
 * output, no colour. Signals go to that one process, never to a group.
 */
export function start(
  args: string[],
  settings: Record<string, string>,
  via: 'node' | 'npm' = 'node',
): Started {
  const env = apiChildEnv({ LOG_FORMAT: 'pretty', NO_COLOR: '1' });
  const inherited = [
    'FORCE_COLOR',
    'HPA_API_URL',
    'HPA_WEB_URL',
    'HPA_NO_DEMO',
    'HPA_DEMO_WAIT_FOR',
  ];
  for (const name of inherited) delete env[name];
  Object.assign(env, settings);
  const [command, commandArgs] =
    via === 'npm'
      ? ['npm', ['start', '--silent', '--', ...args]]
      : [process.execPath, ['scripts/start.mjs', ...args]];
  const child = spawn(command, commandArgs, {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return {
    output: () => stdout,
    errors: () => stderr,
    exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
    signal: (name) => child.kill(name),
    pid: child.pid!,
  };
}

/** Every process below `pid` now (the launcher's apps: npm, sh, tsx, node, the trainer child). */
export function descendants(pid: number): number[] {
  const table = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const visit = (parent: number) => {
    for (const [child, ppid] of table) {
      if (ppid === parent) {
        found.push(child);
        visit(child);
      }
    }
  };
  visit(pid);
  return found;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves once none of `pids` runs any more; the test's timeout bounds the wait. */
export async function allGone(pids: number[]): Promise<void> {
  while (pids.some(alive)) await new Promise((resolve) => setTimeout(resolve, 200));
}

/** Whether something accepts connections on 127.0.0.1:port. */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function waitFor(started: Started, text: string): Promise<void> {
  while (!started.output().includes(text)) {
    const exited = await Promise.race([
      started.exited.then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), 200)),
    ]);
    if (exited && !started.output().includes(text)) {
      throw new Error(`exited before "${text}":\n${started.output()}\n${started.errors()}`);
    }
  }
}
