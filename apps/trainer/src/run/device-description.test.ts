import { describe, expect, it } from 'vitest';
import { describeDevice } from './device-description.ts';

describe('describeDevice', () => {
  it('names the GPU for the CUDA backend', () => {
    expect(describeDevice('tensorflow-gpu', 1, 'Some CPU')).toBe('GPU (libtensorflow CUDA)');
  });

  it('counts threads, says when oneDNN does the work, and names the CPU', () => {
    expect(describeDevice('cpu', 1, 'AMD EPYC')).toBe('1 thread on AMD EPYC');
    expect(describeDevice('wasm', 4, 'AMD EPYC')).toBe('4 threads on AMD EPYC');
    expect(describeDevice('wasm-onednn', 2, 'AMD EPYC')).toBe('2 threads (oneDNN) on AMD EPYC');
  });

  it("reads this machine's CPU when none is given", () => {
    expect(describeDevice('cpu', 2)).toMatch(/^2 threads on \S/);
  });
});
