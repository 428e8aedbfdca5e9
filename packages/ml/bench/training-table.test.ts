import { describe, expect, it } from 'vitest';
import { trainingTable } from './training-table.ts';

describe('the README table of the training bench', () => {
  it('shows each backend at each size with median (range) ratios, rates, the PyTorch inference peer and loop/step', () => {
    const table = trainingTable(
      [
        {
          size: 128,
          reliable: true,
          torchLayouts: { train: 'contiguous', infer: 'channels_last' },
          torchInferPaths: { eager: 1, optimised: 4 },
          summary: {
            'wasm-onednn': {
              trainImagesPerSecond: 230.4,
              inferImagesPerSecond: 1490,
              trainRatio: { median: 1.234, min: 1.1, max: 1.3 },
              inferRatio: { median: 1.5, min: 1.45, max: 1.61 },
            },
            wasm: {
              trainImagesPerSecond: 22.94,
              inferImagesPerSecond: 347,
              trainRatio: null,
              inferRatio: null,
            },
          },
          torch: { trainImagesPerSecond: 135, inferImagesPerSecond: 1000 },
        },
      ],
      {
        backend: 'wasm-onednn',
        size: 128,
        loopOverStep: 0.964,
        loopOverStepRange: { min: 0.912, max: 1.004 },
        loopImagesPerSecond: 222,
        stepImagesPerSecond: 230.4,
      },
    );
    const lines = table.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toBe(
      '| 128 | wasm-onednn | **1.23x** (1.10-1.30) | **1.50x** (1.45-1.61) | 230 / 135 | 1490 / 1000 (optimised 4x, eager 1x) | **0.96** (0.91-1.00; 222 / 230) | yes |',
    );
    expect(lines[3]).toBe(
      '| 128 | wasm | n/a | n/a | 22.9 / 135 | 347 / 1000 (optimised 4x, eager 1x) |  | yes |',
    );
  });
});
