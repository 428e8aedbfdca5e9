// What training.bench.ts reads off the machine: the load average (and a wait for a quiet
// machine), the CPU from /proc/cpuinfo, and the child processes each side runs in.
import { execFileSync, fork } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  foreignCpuShare,
  loadGate,
  parseCpuInfo,
  parseOwnTicks,
  parseProcStat,
  type CpuInfo,
} from './bench-stats.ts';

export interface QuietWait {
  reliable: boolean;
  waitedS: number;
  /** 1-, 5- and 15-minute load averages when the round started. */
  loadBefore: number[];
}

const round2 = (values: number[]) => values.map((v) => Math.round(v * 100) / 100);

export function loadNow(): number[] {
  return round2(loadavg());
}

/**
 * Polls the 1-minute load average until it is below `maxLoad`, for at most `maxWaitS`
 * seconds; past that the round runs anyway and is marked unreliable.
 */
export async function waitForQuiet(
  maxLoad: number,
  maxWaitS: number,
  pollS: number,
  say: (line: string) => void,
): Promise<QuietWait> {
  const started = performance.now();
  let said = false;
  for (;;) {
    const waitedS = (performance.now() - started) / 1000;
    const load = loadavg()[0]!;
    const gate = loadGate(load, maxLoad, waitedS, maxWaitS);
    if (gate.go) {
      if (!gate.reliable) {
        say(
          `load ${load.toFixed(2)} still >= ${maxLoad} after ${waitedS.toFixed(0)} s: unreliable`,
        );
      }
      return {
        reliable: gate.reliable,
        waitedS: Math.round(waitedS),
        loadBefore: loadNow(),
      };
    }
    if (!said) say(`waiting for load < ${maxLoad} (now ${load.toFixed(2)}, at most ${maxWaitS} s)`);
    said = true;
    await sleep(Math.min(pollS, Math.max(0.1, maxWaitS - waitedS)) * 1000);
  }
}

export function cpuInfo(): CpuInfo {
  if (existsSync('/proc/cpuinfo')) return parseCpuInfo(readFileSync('/proc/cpuinfo', 'utf8'));
  return { ...parseCpuInfo(''), model: cpus()[0]?.model ?? 'unknown' };
}

/**
 * Starts measuring how much of the machine other processes use; the returned function gives
 * their share of all CPU time since (null where /proc is missing).
 */
export function foreignCpuMeter(): () => number | null {
  if (!existsSync('/proc/stat')) return () => null;
  const read = () => ({
    machine: parseProcStat(readFileSync('/proc/stat', 'utf8')),
    own: parseOwnTicks(readFileSync('/proc/self/stat', 'utf8')),
  });
  const before = read();
  return () => {
    const after = read();
    const share = foreignCpuShare(before.machine, after.machine, before.own, after.own);
    return Math.round(share * 1000) / 1000;
  };
}

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
