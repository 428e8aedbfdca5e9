import { describe, expect, it } from 'vitest';
import { parseCpuInfo } from './cpu-info.ts';

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
