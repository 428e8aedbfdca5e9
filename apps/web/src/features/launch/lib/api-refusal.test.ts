import { describe, expect, it } from 'vitest';
import { splitRefusalFields } from './api-refusal';

describe('splitRefusalFields', () => {
  it('puts config fields beside the form fields, run fields beside theirs, the rest above', () => {
    expect(
      splitRefusalFields([
        'input.config.optimizer.learningRate: Too big: expected number to be <=1',
        'input.config.dataset.fingerprint: the config pins a but b has c',
        'input.name: must be 1-200 characters',
        'input.tags.2: too long',
        'input.config.(root): Invalid input',
        'input.idempotencyKey: already used',
      ]),
    ).toEqual({
      config: {
        'optimizer.learningRate': ['Too big: expected number to be <=1'],
        'dataset.fingerprint': ['the config pins a but b has c'],
      },
      run: { name: ['must be 1-200 characters'], tags: ['too long'] },
      general: ['input.config.(root): Invalid input', 'input.idempotencyKey: already used'],
    });
  });

  it('keeps a field without a path as a general message', () => {
    expect(splitRefusalFields(['something odd'])).toEqual({
      config: {},
      run: {},
      general: ['something odd'],
    });
  });
});
