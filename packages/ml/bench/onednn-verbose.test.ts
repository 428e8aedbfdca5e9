import { describe, expect, it } from 'vitest';
import { parseOnednnVerbose } from './onednn-verbose.ts';

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
