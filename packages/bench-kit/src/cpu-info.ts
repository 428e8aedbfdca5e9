// The CPU a bench ran on: its model and the flags that decide which kernels run (AVX-512,
// VNNI, bf16, AMX), from /proc/cpuinfo.
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

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

export function cpuInfo(): CpuInfo {
  if (existsSync('/proc/cpuinfo')) return parseCpuInfo(readFileSync('/proc/cpuinfo', 'utf8'));
  return { ...parseCpuInfo(''), model: cpus()[0]?.model ?? 'unknown' };
}
