import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend.ts';
import { parseTrainConfig } from '../config/train-config.ts';
import { buildModel } from '../models/build-model.ts';
import { loadModel, saveModel } from './model-files.ts';

const config = parseTrainConfig({
  model: { name: 'resnet', blocksPerStage: [1, 1], width: 8 },
  inputSize: 32,
  channels: 4,
  dataset: { cachePath: 'unused' },
});

beforeAll(async () => {
  await selectBackend({ force: 'wasm' });
});

describe('saveModel / loadModel', () => {
  it('writes model.json + weights.bin + thresholds + config; reloaded predictions are identical', async () => {
    const model = buildModel(config);
    // Move batch-norm statistics off their initial values so they are part of what is checked.
    const optimizer = tf.train.adam(0.01);
    const x = tf.randomUniform([4, 32, 32, 4], 0, 1, 'float32', 9);
    optimizer.minimize(() => tf.mean(model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar);
    const thresholds = Array.from({ length: 28 }, (_, i) => 0.1 + i / 100);
    const dir = join(mkdtempSync(join(tmpdir(), 'hpa-io-')), 'model');
    await saveModel(model, dir, { config, thresholds });

    const manifest = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    expect(manifest.weightsManifest[0].paths).toEqual(['weights.bin']);
    const loaded = await loadModel(dir);
    expect(loaded.thresholds).toEqual(thresholds);
    expect(loaded.config).toEqual(config);
    const before = (model.predict(x) as tf.Tensor).dataSync();
    const after = (loaded.model.predict(x) as tf.Tensor).dataSync();
    expect(Array.from(after)).toEqual(Array.from(before));
    model.dispose();
    loaded.model.dispose();
    optimizer.dispose();
  });

  it('names the file when a saved model is damaged', async () => {
    const model = buildModel(config);
    const dir = join(mkdtempSync(join(tmpdir(), 'hpa-io-')), 'model');
    await saveModel(model, dir, { config, thresholds: new Array(28).fill(0.5) });
    writeFileSync(join(dir, 'thresholds.json'), '{"not": "an array"}');
    await expect(loadModel(dir)).rejects.toThrow(/thresholds\.json: expected an array of numbers/);
    writeFileSync(join(dir, 'train-config.json'), JSON.stringify({ ...config, epochs: -1 }));
    writeFileSync(join(dir, 'thresholds.json'), '[]');
    await expect(loadModel(dir)).rejects.toThrow(/epochs/);
    model.dispose();
  });
});
