// End to end on real PNGs: synthetic images written by the data layer, decoded through its
// cache, predicted by a saved model; the files must agree with a direct model.predict.
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend.ts';
import { parseTrainConfig } from '../config/train-config.ts';
import { generateSyntheticDataset } from '../data/synthetic/generate-dataset.ts';
import { saveModel } from '../io/model-files.ts';
import { buildModel } from '../models/build-model.ts';
import { predictFolder, submissionLines } from './predict-folder.ts';

beforeAll(async () => {
  await selectBackend({ force: 'wasm' });
});

describe('predictFolder', () => {
  it('formats Id,Predicted with space-separated classes above their thresholds', () => {
    const probabilities = new Float32Array(56);
    probabilities[0] = 0.9;
    probabilities[16] = 0.6;
    probabilities[28 + 5] = 0.2;
    const thresholds = new Array<number>(28).fill(0.5);
    expect(submissionLines(['a', 'b'], probabilities, thresholds)).toEqual(['a,0 16', 'b,']);
  });

  it('writes a submission and probabilities for a folder of PNGs', async () => {
    const root = mkdtempSync(join(tmpdir(), 'hpa-predict-'));
    await generateSyntheticDataset({
      outDir: join(root, 'data'),
      count: 6,
      size: 32,
      seed: 'predict-test',
    });
    // A test folder has images and no labels.
    renameSync(join(root, 'data', 'train'), join(root, 'data', 'test'));
    const config = parseTrainConfig({
      model: { name: 'small-cnn', filters: 4, blocks: 2 },
      inputSize: 32,
      channels: 4,
      dataset: { cachePath: 'unused' },
    });
    const model = buildModel(config);
    const thresholds = new Array<number>(28).fill(0.1);
    await saveModel(model, join(root, 'model'), { config, thresholds });
    model.dispose();

    const files = await predictFolder({
      modelDir: join(root, 'model'),
      dataDir: join(root, 'data'),
      outDir: join(root, 'out'),
    });
    expect(files.count).toBe(6);
    const submission = readFileSync(files.submissionCsv, 'utf8').trim().split('\n');
    expect(submission[0]).toBe('Id,Predicted');
    expect(submission).toHaveLength(7);
    const probabilityRows = readFileSync(files.probabilitiesCsv, 'utf8').trim().split('\n');
    expect(probabilityRows[0]!.split(',')).toHaveLength(29);
    // Every predicted class must be one whose probability passes its threshold.
    submission.slice(1).forEach((line, i) => {
      const [id, predicted] = line.split(',');
      const row = probabilityRows[i + 1]!.split(',');
      expect(row[0]).toBe(id);
      const got = new Set(predicted === '' ? [] : predicted!.split(' ').map(Number));
      row.slice(1).forEach((p, c) => {
        // The CSV rounds to 6 decimals: a value that close to the threshold could go either way.
        if (Math.abs(Number(p) - 0.1) > 1e-5)
          expect(got.has(c), `${id} class ${c}`).toBe(Number(p) >= 0.1);
      });
    });
    expect(tf.memory().numTensors).toBeLessThan(10);
  });
});
