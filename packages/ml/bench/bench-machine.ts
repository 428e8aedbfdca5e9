// The child processes training.bench.ts runs each side in: a command whose stdout is
// captured, or a Node child forked with an IPC channel as apps/trainer forks its training child.
import { execFileSync, fork } from 'node:child_process';

const CHILD_TIMEOUT_MS = 15 * 60_000;

/** Runs a command and returns its whole stdout; throws with its stderr when it fails. */
export function runCapture(
  command: string,
  args: string[],
  env: Record<string, string> = {},
): string {
  return execFileSync(command, args, {
    env: { ...process.env, ...env },
    maxBuffer: 256 * 1024 * 1024,
    timeout: CHILD_TIMEOUT_MS,
    stdio: ['ignore', 'pipe', 'inherit'],
  }).toString();
}

/** The JSON object a bench child prints as its last stdout line. */
export function lastJsonLine<T>(stdout: string, who: string): T {
  const lines = stdout.trim().split('\n');
  const last = lines[lines.length - 1] ?? '';
  try {
    return JSON.parse(last) as T;
  } catch {
    throw new Error(`${who}: its last output line is not JSON: ${last.slice(0, 200)}`);
  }
}

/**
 * Runs a TypeScript bench script in a Node child with an IPC channel (as apps/trainer forks its
 * training child), drops the messages it sends and returns its last stdout line as JSON.
 */
export function runForked<T>(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(script, args, {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
      timeout: CHILD_TIMEOUT_MS,
    });
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('message', () => {});
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code !== 0) {
        reject(new Error(`${script}: exited with ${code ?? signal}`));
        return;
      }
      try {
        resolve(lastJsonLine<T>(stdout, script));
      } catch (error) {
        reject(error as Error);
      }
    });
  });
}
