import { describe, expect, it } from 'vitest';
import {
  best,
  foreignCpuShare,
  loadGate,
  median,
  parseCpuInfo,
  parseOnednnVerbose,
  parseOwnTicks,
  parseProcStat,
  perRoundRatios,
  roundOrder,
  spread,
} from './bench-stats.ts';

describe('median and spread of per-round values', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNaN();
  });

  it('reports the median with the range, whatever the input order, and leaves it untouched', () => {
    const rounds = [0.61, 0.58, 0.67, 0.6, 0.64];
    expect(spread(rounds)).toEqual({ median: 0.61, min: 0.58, max: 0.67 });
    expect(rounds).toEqual([0.61, 0.58, 0.67, 0.6, 0.64]);
    expect(spread([])).toEqual({ median: NaN, min: NaN, max: NaN });
  });

  it('pairs rounds by position for the ratios, never a best against a best', () => {
    // Best-of would give 300/200 = 1.5; the rounds were 1.0, 1.0 and 1.5.
    expect(perRoundRatios([100, 200, 300], [100, 200, 200])).toEqual([1, 1, 1.5]);
    expect(median(perRoundRatios([100, 200, 300], [100, 200, 200]))).toBe(1);
    expect(() => perRoundRatios([1, 2], [1])).toThrow(/2 rounds against 1/);
  });
});

describe('round order', () => {
  it('reverses the sides every other round so that no side always goes first', () => {
    const sides = ['tfjs:wasm-onednn', 'tfjs:wasm', 'pytorch'];
    expect(roundOrder(sides, 0)).toEqual(sides);
    expect(roundOrder(sides, 1)).toEqual(['pytorch', 'tfjs:wasm', 'tfjs:wasm-onednn']);
    expect(roundOrder(sides, 2)).toEqual(sides);
    const firsts = [0, 1, 2, 3].map((r) => roundOrder(['ours', 'torch'], r)[0]);
    expect(firsts).toEqual(['ours', 'torch', 'ours', 'torch']);
    expect(sides).toEqual(['tfjs:wasm-onednn', 'tfjs:wasm', 'pytorch']);
  });
});

describe('load gate', () => {
  it('goes at once on a quiet machine', () => {
    expect(loadGate(0.4, 1, 0, 300)).toEqual({ go: true, reliable: true });
    expect(loadGate(0.99, 1, 250, 300)).toEqual({ go: true, reliable: true });
  });

  it('waits while the load is at or above the limit and time is left', () => {
    expect(loadGate(1, 1, 0, 300)).toEqual({ go: false, reliable: false });
    expect(loadGate(6.5, 1, 299, 300)).toEqual({ go: false, reliable: false });
  });

  it('runs anyway, unreliable, once the wait is used up', () => {
    expect(loadGate(6.5, 1, 300, 300)).toEqual({ go: true, reliable: false });
    expect(loadGate(2, 1, 0, 0)).toEqual({ go: true, reliable: false });
  });
});

describe('/proc/cpuinfo', () => {
  const processor = (flags: string) =>
    [
      'processor\t: 0',
      'vendor_id\t: AuthenticAMD',
      'model name\t: AMD EPYC 9554 64-Core Processor',
      `flags\t\t: fpu vme ${flags} xsave`,
      'bugs\t\t: sysret_ss_attrs',
    ].join('\n');

  it('reads the first processor: model and the flags of interest', () => {
    const info = parseCpuInfo(
      `${processor('avx2 avx512f avx512bw avx512_vnni avx512_bf16')}\n\n${processor('amx_tile')}\n`,
    );
    expect(info.model).toBe('AMD EPYC 9554 64-Core Processor');
    expect(info.flags).toEqual({
      avx2: true,
      avx512f: true,
      avx512bw: true,
      avx512_vnni: true,
      avx512_bf16: true,
      amx_tile: false,
      amx_bf16: false,
      amx_int8: false,
    });
  });

  it('matches whole flag names only (avx512_bf16 is not avx512f, avx_vnni is not avx512_vnni)', () => {
    const info = parseCpuInfo(processor('avx2 avx_vnni avx512_bf16x amx_bf16 amx_tile'));
    expect(info.flags.avx512f).toBe(false);
    expect(info.flags.avx512_vnni).toBe(false);
    expect(info.flags.avx512_bf16).toBe(false);
    expect(info.flags.amx_bf16).toBe(true);
    expect(info.flags.amx_tile).toBe(true);
  });

  it('says unknown when there is no model name', () => {
    expect(parseCpuInfo('').model).toBe('unknown');
    expect(parseCpuInfo('').flags.avx2).toBe(false);
  });
});

describe("oneDNN's verbose output", () => {
  it('reads the header and the implementations that ran (oneDNN 2.6 spelling)', () => {
    const text = [
      'some program output',
      'onednn_verbose,info,oneDNN v2.6.3 (commit N/A)',
      'onednn_verbose,info,cpu,runtime:OpenMP,nthr:2',
      'onednn_verbose,info,cpu,isa:Intel AVX-512 with Intel DL Boost and bfloat16 support',
      'onednn_verbose,info,gpu,runtime:OpenCL',
      'onednn_verbose,info,prim_template:operation,engine,primitive,implementation,prop_kind',
      'onednn_verbose,exec,cpu,convolution,brgconv:avx512_core,forward_training,src_f32,0.5',
      'onednn_verbose,exec,cpu,reorder,jit:uni,undef,src_f32::blocked:acdb:f0,0.01',
      'onednn_verbose,exec,cpu,convolution,brgconv:avx512_core,backward_data,src_f32,0.7',
      '{"trainImagesPerSecond": 1}',
    ].join('\n');
    expect(parseOnednnVerbose(text)).toEqual({
      version: '2.6.3',
      isa: 'Intel AVX-512 with Intel DL Boost and bfloat16 support',
      runtime: 'OpenMP',
      threads: 2,
      implementations: ['convolution:brgconv:avx512_core', 'reorder:jit:uni'],
    });
  });

  it('reads the older dnnl_verbose prefix, and gives nulls when oneDNN printed nothing', () => {
    const parsed = parseOnednnVerbose(
      'dnnl_verbose,info,cpu,isa:Intel AVX2\ndnnl_verbose,info,cpu,runtime:OpenMP,nthr:4\n',
    );
    expect(parsed.isa).toBe('Intel AVX2');
    expect(parsed.threads).toBe(4);
    expect(parseOnednnVerbose('no verbose here')).toEqual({
      version: null,
      isa: null,
      runtime: null,
      threads: null,
      implementations: [],
    });
  });
});

describe('best setting', () => {
  it('picks the highest score, the first on a tie', () => {
    const rates: Record<string, number> = { channels_last: 86, contiguous: 135 };
    expect(best(['channels_last', 'contiguous'], (l) => rates[l]!)).toBe('contiguous');
    expect(best(['a', 'b'], () => 1)).toBe('a');
    expect(() => best([], () => 0)).toThrow(/no candidates/);
  });
});

describe('foreign CPU share of a round', () => {
  it('reads the aggregate line of /proc/stat', () => {
    const stat = 'cpu  100 5 50 800 20 3 2 10 0 0\ncpu0 50 2 25 400 10 1 1 5 0 0\nintr 1 2\n';
    expect(parseProcStat(stat)).toEqual({ busy: 170, total: 990 });
    expect(() => parseProcStat('intr 1\n')).toThrow(/no aggregate cpu line/);
  });

  it("reads this process's and its children's ticks, past a command name with spaces", () => {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
    // utime stime cutime cstime ...
    const self = '4242 (node (bench) x) R 1 2 3 4 5 6 7 8 9 10 111 22 3000 400 20 0 1';
    expect(parseOwnTicks(self)).toBe(111 + 22 + 3000 + 400);
  });

  it('is what other processes used of all CPUs, within 0..1', () => {
    const before = { busy: 1000, total: 10_000 };
    // 2 cores x 10 s = 2000 ticks; busy +1500 of which ours +1000: others used 500 of 2000.
    expect(foreignCpuShare(before, { busy: 2500, total: 12_000 }, 0, 1000)).toBe(0.25);
    expect(foreignCpuShare(before, { busy: 2000, total: 12_000 }, 0, 1000)).toBe(0);
    expect(foreignCpuShare(before, { busy: 2000, total: 12_000 }, 0, 1200)).toBe(0);
    expect(foreignCpuShare(before, before, 0, 0)).toBe(0);
  });
});
