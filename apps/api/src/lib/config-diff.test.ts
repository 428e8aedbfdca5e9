import { describe, expect, it } from 'vitest';
import { diffConfigs } from './config-diff.ts';

describe('diffConfigs', () => {
  it('reports only paths whose values differ, arrays compared whole', () => {
    const diff = diffConfigs([
      { model: { name: 'resnet', blocksPerStage: [1, 1] }, lr: 0.001, seed: 1 },
      { model: { name: 'resnet', blocksPerStage: [2, 2] }, lr: 0.001, seed: 1, extra: true },
    ]);
    expect(diff).toEqual([
      { path: 'extra', values: [null, true] },
      {
        path: 'model.blocksPerStage',
        values: [
          [1, 1],
          [2, 2],
        ],
      },
    ]);
  });

  it('returns nothing for identical configs', () => {
    expect(diffConfigs([{ a: { b: 1 } }, { a: { b: 1 } }])).toEqual([]);
  });
});
