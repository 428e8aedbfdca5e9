import { describe, expect, it } from 'vitest';
import { summarizeRunConfig } from './run-config-summary';

describe('summarizeRunConfig', () => {
  it('reads model, input size and loss', () => {
    expect(
      summarizeRunConfig({
        model: { name: 'resnet', width: 32 },
        inputSize: 128,
        loss: { name: 'focal', gamma: 2 },
      }),
    ).toEqual({ model: 'resnet', inputSize: 128, loss: 'focal' });
  });

  it('names both parts of a combined loss', () => {
    expect(
      summarizeRunConfig({
        loss: { name: 'combined', first: { name: 'bce' }, second: { name: 'soft-f1' } },
      }).loss,
    ).toBe('combined (bce + soft-f1)');
  });

  it('tolerates configs without the fields', () => {
    expect(summarizeRunConfig(null)).toEqual({ model: null, inputSize: null, loss: null });
    expect(summarizeRunConfig({ model: 'x', inputSize: '128' })).toEqual({
      model: null,
      inputSize: null,
      loss: null,
    });
  });
});
