import { describe, expect, it } from 'vitest';
import { TrainConfigError, downsamplingFactor, parseTrainConfig } from './train-config.ts';
import { trainConfigJsonSchema } from './train-config-json-schema.ts';

const dataset = { cachePath: '/tmp/cache' };

function errorOf(input: unknown): TrainConfigError {
  try {
    parseTrainConfig(input);
  } catch (error) {
    if (error instanceof TrainConfigError) return error;
    throw error;
  }
  throw new Error('expected parseTrainConfig to throw');
}

describe('parseTrainConfig', () => {
  it('fills every default from a minimal config', () => {
    const config = parseTrainConfig({ model: { name: 'resnet' }, dataset });
    expect(config.model).toEqual({
      name: 'resnet',
      blocksPerStage: [1, 1, 1, 1],
      width: 32,
      dropout: 0,
    });
    expect(config.inputSize).toBe(128);
    expect(config.channels).toBe(4);
    expect(config.loss).toEqual({ name: 'bce' });
    expect(config.optimizer.schedule).toEqual({ name: 'cosine', minFraction: 0.01 });
    expect(config.thresholds.mode).toBe('per-class');
    expect(config.backend).toBe('auto');
  });

  it('keeps a combined loss with its two parts', () => {
    const config = parseTrainConfig({
      model: { name: 'small-cnn' },
      loss: { name: 'combined', first: { name: 'bce' }, second: { name: 'soft-f1' } },
      dataset,
    });
    expect(config.loss).toEqual({
      name: 'combined',
      first: { name: 'bce' },
      second: { name: 'soft-f1' },
      secondWeight: 0.5,
    });
  });

  it('names the field of an unknown model', () => {
    const error = errorOf({ model: { name: 'vgg16' }, dataset });
    expect(error.issues[0]?.path).toBe('model.name');
    expect(error.message).toContain('model.name');
  });

  it('names the field of a negative learning rate', () => {
    const error = errorOf({
      model: { name: 'resnet' },
      optimizer: { learningRate: -0.1 },
      dataset,
    });
    expect(error.issues.map((i) => i.path)).toEqual(['optimizer.learningRate']);
  });

  it('rejects an input size the model cannot take, naming inputSize', () => {
    const error = errorOf({ model: { name: 'resnet' }, inputSize: 100, dataset });
    expect(error.issues[0]?.path).toBe('inputSize');
    expect(error.message).toMatch(/multiple of 32/);
  });

  it('reports several bad fields at once', () => {
    const error = errorOf({ model: { name: 'resnet' }, epochs: 0, batchSize: 1.5 });
    expect(error.issues.map((i) => i.path).sort()).toEqual(['batchSize', 'dataset', 'epochs']);
  });

  it('computes the downsampling factor per model', () => {
    expect(downsamplingFactor({ name: 'small-cnn', filters: 8, blocks: 3, dropout: 0 })).toBe(8);
    expect(
      downsamplingFactor({ name: 'resnet', blocksPerStage: [1, 1, 1], width: 8, dropout: 0 }),
    ).toBe(16);
    expect(
      downsamplingFactor({ name: 'mobilenet-v2', widthMultiplier: 1, expansion: 6, dropout: 0 }),
    ).toBe(32);
  });

  it('takes the imbalance levers: label-set sampling, contrast, a cross-validation fold', () => {
    const config = parseTrainConfig({
      model: { name: 'small-cnn' },
      sampler: { name: 'label-set' },
      augmentation: { contrast: 0.3 },
      dataset: { ...dataset, folds: 5, fold: 4 },
    });
    expect(config.sampler).toEqual({ name: 'label-set', power: 0.5, maxWeight: 20 });
    expect(config.augmentation).toEqual({
      flip: true,
      rotate90: true,
      brightness: 0,
      contrast: 0.3,
    });
    expect(config.dataset).toMatchObject({ folds: 5, fold: 4 });
    const plain = parseTrainConfig({ model: { name: 'small-cnn' }, dataset });
    expect(plain.augmentation.contrast).toBe(0);
    expect(plain.dataset).toMatchObject({ folds: 0, fold: 0 });
  });

  it('names the field of a fold outside the folds and of a bad sampler weight', () => {
    const error = errorOf({
      model: { name: 'small-cnn' },
      sampler: { name: 'label-set', maxWeight: 0.5 },
      dataset: { ...dataset, folds: 5, fold: 5 },
    });
    expect(error.issues.map((i) => i.path).sort()).toEqual(['dataset.fold', 'sampler.maxWeight']);
    expect(error.message).toContain('fold must be in 0..4 with folds 5 (got 5)');
    const one = errorOf({ model: { name: 'small-cnn' }, dataset: { ...dataset, folds: 1 } });
    expect(one.issues.map((i) => i.path)).toEqual(['dataset.folds']);
    const without = errorOf({ model: { name: 'small-cnn' }, dataset: { ...dataset, fold: 2 } });
    expect(without.message).toContain('fold must be in 0..0 with folds 0 (got 2)');
  });

  it('takes bfloat16 on auto or wasm-onednn only, naming precision otherwise', () => {
    expect(parseTrainConfig({ model: { name: 'resnet' }, dataset }).precision).toBe('float32');
    const auto = parseTrainConfig({ model: { name: 'resnet' }, precision: 'bfloat16', dataset });
    expect(auto.precision).toBe('bfloat16');
    const error = errorOf({
      model: { name: 'resnet' },
      precision: 'bfloat16',
      backend: 'wasm',
      dataset,
    });
    expect(error.issues.map((i) => i.path)).toEqual(['precision']);
    expect(error.message).toContain(
      "bfloat16 runs on the wasm-onednn backend only (backend is 'wasm')",
    );
  });

  it('offers the levers in the JSON Schema the launch form is generated from', () => {
    const text = JSON.stringify(trainConfigJsonSchema);
    for (const title of [
      'Label-set-aware sampling',
      'Rare-class oversampling',
      'Weighted BCE',
      'Combined',
      'Soft F1',
      'Contrast',
      'Cross-validation folds',
      'Cross-validation fold',
    ]) {
      expect(text, title).toContain(`"title":"${title}"`);
    }
  });
});
