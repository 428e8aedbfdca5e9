// `hpa-train predict` on the real Kaggle PNGs of ../shared/data (512 px, as downloaded), laid out
// as a test folder: every id once, and the decisions of the model's own predict() on the same
// decoded pixels. Skipped outside CI where ../shared is absent (the root `npm test` says so).
import { cp, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import {
  ALL_CHANNELS,
  NUM_CLASSES,
  buildModel,
  decodeSampleHwc,
  parseTrainConfig,
  saveModel,
  selectBackend,
  toInputTensor,
} from '@hpa-lab/ml';
import { REAL_SAMPLE_DIR, realIds, sharedDataTestsRun } from '@hpa-lab/ml/test-fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporaryHome, tinyConfig } from './harness.ts';
import { hpaTrain } from './hpa-train-cli.ts';

const SIZE = 64;
let home: Awaited<ReturnType<typeof temporaryHome>>;

describe.skipIf(!sharedDataTestsRun())('hpa-train predict on the real HPA samples', () => {
  const ids = realIds().sort();
  let testDir: string;
  let modelDir: string;
  let probs: Float32Array;
  let thresholds: number[];

  beforeAll(async () => {
    home = await temporaryHome();
    await selectBackend({ force: 'cpu' });
    testDir = path.join(home.dir, 'hpa-test');
    await cp(path.join(REAL_SAMPLE_DIR, 'train'), path.join(testDir, 'test'), { recursive: true });
    const config = parseTrainConfig({ ...tinyConfig(), inputSize: SIZE, channels: 4 });
    const model = buildModel(config);
    const planes = await Promise.all(
      ids.map((id) => {
        const files = Object.fromEntries(
          ALL_CHANNELS.map((c) => [c, path.join(testDir, 'test', `${id}_${c}.png`)]),
        ) as Record<(typeof ALL_CHANNELS)[number], string>;
        return decodeSampleHwc(files, ALL_CHANNELS, SIZE);
      }),
    );
    const pixels = new Uint8Array(planes.length * planes[0]!.length);
    planes.forEach((plane, i) => pixels.set(plane, i * plane.length));
    const x = toInputTensor(pixels, ids.length, SIZE, 4, [0, 1, 2, 3], SIZE);
    const y = model.predict(x) as unknown as { dataSync(): Float32Array; dispose(): void };
    probs = Float32Array.from(y.dataSync());
    x.dispose();
    y.dispose();
    // Per class, a cut between the two middle samples: some predicted, some not.
    thresholds = Array.from({ length: NUM_CLASSES }, (_, c) => {
      const column = ids.map((_, i) => probs[i * NUM_CLASSES + c]!).sort((a, b) => a - b);
      const k = Math.floor(column.length / 2);
      return (column[k - 1]! + column[k]!) / 2;
    });
    modelDir = path.join(home.dir, 'model');
    await saveModel(model, modelDir, { config, thresholds });
    model.dispose();
  });
  afterAll(async () => {
    await home?.remove();
  });

  it('writes one row per real sample with the classes its own predict gives', async () => {
    const out = path.join(home.dir, 'submission.csv');
    const result = await hpaTrain(
      ['predict', '--model', modelDir, '--data', testDir, '--out', out, '--backend', 'cpu'],
      { HPA_LAB_HOME: path.join(home.dir, 'lab') },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = (await readFile(out, 'utf8')).trimEnd().split('\n');
    expect(lines[0]).toBe('Id,Predicted');
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(ids);
    let predicted = 0;
    lines.slice(1).forEach((line, i) => {
      const got = new Set(line.split(',')[1]!.split(' ').filter(Boolean).map(Number));
      for (let c = 0; c < NUM_CLASSES; c++) {
        const p = probs[i * NUM_CLASSES + c]!;
        if (Math.abs(p - thresholds[c]!) < 1e-5) continue;
        expect(got.has(c), `${ids[i]} class ${c}`).toBe(p >= thresholds[c]!);
        if (got.has(c)) predicted += 1;
      }
    });
    expect(predicted).toBeGreaterThan(0);
    await rm(out);
  });
});
