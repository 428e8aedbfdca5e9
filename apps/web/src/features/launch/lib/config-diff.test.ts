import { describe, expect, it } from 'vitest';
import { configChanges, formatConfigValue } from './config-diff';

describe('configChanges', () => {
  it('lists changed leaves, arrays as one value, and fields only one side has', () => {
    const before = {
      model: { name: 'resnet', blocksPerStage: [1, 1, 1, 1], width: 32 },
      loss: { name: 'bce' },
      epochs: 10,
    };
    const after = {
      model: { name: 'resnet', blocksPerStage: [2, 2, 2, 2], width: 32 },
      loss: { name: 'focal', gamma: 2 },
      epochs: 10,
    };
    expect(configChanges(before, after)).toEqual([
      { path: 'model.blocksPerStage', before: [1, 1, 1, 1], after: [2, 2, 2, 2] },
      { path: 'loss.name', before: 'bce', after: 'focal' },
      { path: 'loss.gamma', before: undefined, after: 2 },
    ]);
  });

  it('is empty for equal configs and names a field removed by the new choice', () => {
    const config = { model: { name: 'small-cnn', filters: 8 }, seed: 1 };
    expect(configChanges(config, structuredClone(config))).toEqual([]);
    expect(configChanges(config, { model: { name: 'mobilenet-v2' }, seed: 1 })).toEqual([
      { path: 'model.name', before: 'small-cnn', after: 'mobilenet-v2' },
      { path: 'model.filters', before: 8, after: undefined },
    ]);
  });

  it('formats values as JSON and a missing one as absent', () => {
    expect(formatConfigValue(undefined)).toBe('absent');
    expect(formatConfigValue('focal')).toBe('"focal"');
    expect(formatConfigValue([1, 2])).toBe('[1,2]');
  });
});
