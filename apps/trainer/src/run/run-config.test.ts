import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { validateRunConfig } from './run-config.ts';

const valid = {
  model: { name: 'small-cnn', filters: 4, blocks: 2 },
  inputSize: 32,
  dataset: { cachePath: 'synthetic:count=40,size=32,seed=5', splitSeed: 3 },
};

describe('validateRunConfig', () => {
  it('returns the parsed config with its defaults filled in', () => {
    const config = validateRunConfig(valid, os.tmpdir());
    expect(config.dataset.cachePath).toBe(valid.dataset.cachePath);
    expect(config.epochs).toBeGreaterThan(0);
    expect(config.backend).toBe('auto');
  });

  it('names the invalid field', () => {
    expect(() => validateRunConfig({ ...valid, inputSize: -1 }, os.tmpdir())).toThrow(
      /^invalid training config: inputSize: /,
    );
  });

  it('refuses a dataset that is not on this machine, naming dataset.cachePath', () => {
    const config = { ...valid, dataset: { cachePath: '/nowhere/at/all.json' } };
    expect(() => validateRunConfig(config, os.tmpdir())).toThrow(
      /^dataset\.cachePath: .*\/nowhere\/at\/all\.json does not exist/,
    );
  });
});
