import { describe, expect, it } from 'vitest';
import { flattenConfig, paramRows } from './param-rows';

describe('flattenConfig', () => {
  it('walks objects to dot paths and keeps arrays whole', () => {
    expect([
      ...flattenConfig({ model: { name: 'resnet', blocks: [2, 2] }, lr: 0.001, tta: null }),
    ]).toEqual([
      ['model.name', 'resnet'],
      ['model.blocks', [2, 2]],
      ['lr', 0.001],
      ['tta', null],
    ]);
  });
});

describe('paramRows', () => {
  it('lists every path with each run’s value, the API saying which differ', () => {
    const rows = paramRows(
      [
        { model: { name: 'resnet' }, inputSize: 64 },
        { model: { name: 'small-cnn' }, inputSize: 64, sampler: 'rare' },
      ],
      ['model.name', 'sampler'],
    );
    expect(rows).toEqual([
      { path: 'inputSize', values: ['64', '64'], differs: false },
      { path: 'model.name', values: ['resnet', 'small-cnn'], differs: true },
      { path: 'sampler', values: [null, 'rare'], differs: true },
    ]);
  });
});
