// The pure parts of training.bench.ts (tested in bench-stats.test.ts): statistics over rounds,
// the order the sides take turns in, the load gate's decision, and what /proc/cpuinfo and
// oneDNN's verbose output say about the CPU.

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** Median and range of per-round values (NaN everywhere for no rounds). */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN };
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/** Per-round ratios ours/theirs, pairing rounds by position. */
export function perRoundRatios(ours: readonly number[], theirs: readonly number[]): number[] {
  if (ours.length !== theirs.length) {
    throw new Error(`perRoundRatios: ${ours.length} rounds against ${theirs.length}`);
  }
  return ours.map((value, i) => value / theirs[i]!);
}

/**
 * The sides of one round in the order they run: as listed in even rounds, reversed in odd
 * ones, so that neither side always runs first (on a warm or a just-released machine).
 */
export function roundOrder<T>(sides: readonly T[], round: number): T[] {
  return round % 2 === 0 ? [...sides] : [...sides].reverse();
}

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

export const CPU_FLAGS_OF_INTEREST = [
  'avx2',
  'avx512f',
  'avx512bw',
  'avx512_vnni',
  'avx512_bf16',
  'amx_tile',
  'amx_bf16',
  'amx_int8',
] as const;

export interface CpuInfo {
  model: string;
  /** Each flag of interest: whether the kernel lists it. */
  flags: Record<(typeof CPU_FLAGS_OF_INTEREST)[number], boolean>;
}

/** Model name and flags of interest of the first processor in /proc/cpuinfo's text. */
export function parseCpuInfo(text: string): CpuInfo {
  const first = text.split(/\n\s*\n/)[0] ?? '';
  const field = (name: string) => {
    const line = first.split('\n').find((l) => l.split(':')[0]?.trim() === name);
    return line ? line.slice(line.indexOf(':') + 1).trim() : '';
  };
  const present = new Set(field('flags').split(/\s+/));
  const flags = Object.fromEntries(
    CPU_FLAGS_OF_INTEREST.map((flag) => [flag, present.has(flag)]),
  ) as CpuInfo['flags'];
  return { model: field('model name') || 'unknown', flags };
}

export interface OnednnVerbose {
  version: string | null;
  /** The ISA oneDNN dispatches to, as its header line says. */
  isa: string | null;
  runtime: string | null;
  threads: number | null;
  /** Distinct implementations that ran (e.g. 'brgconv:avx512_core'), by primitive kind. */
  implementations: string[];
}

/**
 * oneDNN's verbose output (DNNL_VERBOSE=1 / ONEDNN_VERBOSE=1): the header it prints before the
 * first primitive (`dnnl_verbose,info,cpu,isa:...`, `...,cpu,runtime:OpenMP,nthr:2`) and the
 * implementation of each executed primitive (`...,exec,cpu,convolution,brgconv:avx512_core,`).
 */
export function parseOnednnVerbose(text: string): OnednnVerbose {
  const out: OnednnVerbose = {
    version: null,
    isa: null,
    runtime: null,
    threads: null,
    implementations: [],
  };
  const implementations = new Set<string>();
  for (const line of text.split('\n')) {
    const fields = line.trim().split(',');
    if (!/^(dnnl|onednn)_verbose$/.test(fields[0] ?? '')) continue;
    if (fields[1] === 'info') {
      const rest = fields.slice(2).join(',');
      const version = /oneDNN v(\S+)/.exec(rest);
      if (version) out.version = version[1]!;
      const isa = /^cpu,isa:(.*)$/.exec(rest);
      if (isa) out.isa = isa[1]!.trim();
      const runtime = /^cpu,runtime:([^,]+),nthr:(\d+)/.exec(rest);
      if (runtime) {
        out.runtime = runtime[1]!;
        out.threads = Number(runtime[2]);
      }
    } else if (fields[1] === 'exec' && fields[2] === 'cpu' && fields[3] && fields[4]) {
      implementations.add(`${fields[3]}:${fields[4]}`);
    }
  }
  out.implementations = [...implementations].sort();
  return out;
}

/** The candidate with the highest score; ties keep the first. */
export function best<T>(candidates: readonly T[], score: (c: T) => number): T {
  if (candidates.length === 0) throw new Error('best: no candidates');
  return candidates.reduce((a, b) => (score(b) > score(a) ? b : a));
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
