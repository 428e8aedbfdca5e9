// Whether the machine is quiet enough to measure: the wait for a low load average before a
// round (or the round marked unreliable), and the share of the CPU other processes took
// during it, which the load average before the round cannot see.
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

export interface LoadGate {
  /** Run the round now. */
  go: boolean;
  /** The round runs on a quiet machine. */
  reliable: boolean;
}

/**
 * Whether to start a round at 1-minute load `load`, having waited `waitedS` of at most
 * `maxWaitS`: go when quiet; when still busy after the wait, go anyway but unreliable.
 */
export function loadGate(
  load: number,
  maxLoad: number,
  waitedS: number,
  maxWaitS: number,
): LoadGate {
  if (load < maxLoad) return { go: true, reliable: true };
  if (waitedS >= maxWaitS) return { go: true, reliable: false };
  return { go: false, reliable: false };
}

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

export interface CpuTicks {
  /** Busy ticks of all CPUs together (user, nice, system, irq, softirq, steal). */
  busy: number;
  /** All ticks of all CPUs together (busy + idle + iowait). */
  total: number;
}

/** The aggregate `cpu` line of /proc/stat. */
export function parseProcStat(text: string): CpuTicks {
  const line = text.split('\n').find((l) => /^cpu\s/.test(l));
  if (!line) throw new Error('/proc/stat: no aggregate cpu line');
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number)
    .concat([0, 0, 0, 0, 0, 0, 0, 0]);
  const busy = user! + nice! + system! + irq! + softirq! + steal!;
  return { busy, total: busy + idle! + iowait! };
}

/**
 * CPU ticks of this process and its waited-for children (utime + stime + cutime + cstime of
 * /proc/self/stat), in the same unit as /proc/stat.
 */
export function parseOwnTicks(selfStat: string): number {
  // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
  const fields = selfStat
    .slice(selfStat.lastIndexOf(')') + 2)
    .trim()
    .split(/\s+/);
  // fields[0] is field 3 (state); utime..cstime are fields 14..17.
  return [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0);
}

/**
 * The share of the whole machine's CPU time that went to other processes between two
 * readings: what the load average before a round cannot see (someone starting mid-round).
 */
export function foreignCpuShare(
  before: CpuTicks,
  after: CpuTicks,
  ownBefore: number,
  ownAfter: number,
): number {
  const total = after.total - before.total;
  if (total <= 0) return 0;
  const foreign = after.busy - before.busy - (ownAfter - ownBefore);
  return Math.min(1, Math.max(0, foreign / total));
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
