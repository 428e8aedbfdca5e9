import { describe, expect, it } from 'vitest';
import { describeDevice } from './device-description.ts';

describe('describeDevice', () => {
  it('names the GPU for the CUDA backend', () => {
    expect(describeDevice('tensorflow-gpu', 1, 'float32', 'Some CPU')).toBe(
      'GPU (libtensorflow CUDA)',
    );
  });

  it('counts threads, says when oneDNN does the work, and names the CPU', () => {
    expect(describeDevice('cpu', 1, 'float32', 'AMD EPYC')).toBe('1 thread on AMD EPYC');
    expect(describeDevice('wasm', 4, 'float32', 'AMD EPYC')).toBe('4 threads on AMD EPYC');
    expect(describeDevice('wasm-onednn', 2, 'float32', 'AMD EPYC')).toBe(
      '2 threads (oneDNN) on AMD EPYC',
    );
    expect(describeDevice('wasm-onednn', 2, 'bfloat16', 'AMD EPYC')).toBe(
      '2 threads (oneDNN, bfloat16) on AMD EPYC',
    );
  });

  it("reads this machine's CPU when none is given", () => {
    expect(describeDevice('cpu', 2)).toMatch(/^2 threads on \S/);
  });
});
