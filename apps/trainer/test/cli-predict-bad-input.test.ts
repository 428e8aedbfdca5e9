// `hpa-train predict` on a member's mistakes: real files in a temp folder (PNGs written by the
// synthetic generator, one deleted, one cut in half), a --model that names nothing, a test
// folder that does not exist. Each must end in one line naming the problem and the fix, exit 2,
// no stack trace, and no submission written.
import { existsSync } from 'node:fs';
import { cp, rm, stat, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  buildModel,
  generateSyntheticDataset,
  parseTrainConfig,
  saveModel,
  selectBackend,
} from '@hpa-lab/ml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, temporaryHome, tinyConfig, type TestApi } from './harness.ts';
import { hpaTrain, oneLineError } from './hpa-train-cli.ts';

let api: TestApi;
let home: Awaited<ReturnType<typeof temporaryHome>>;
let goodDir: string;
let modelDir: string;
let ids: string[];

const env = () => ({
  HPA_API_URL: api.url,
  HPA_API_KEY: api.adminKey,
  HPA_LAB_HOME: path.join(home.dir, 'lab'),
});

async function predict(model: string, data: string) {
  const out = path.join(home.dir, `${path.basename(data)}.csv`);
  const result = await hpaTrain(
    ['predict', '--model', model, '--data', data, '--out', out, '--backend', 'cpu'],
    env(),
  );
  const line = oneLineError(result);
  expect(existsSync(out), 'no submission after an error').toBe(false);
  return line;
}

/** A copy of the good test folder to break. */
async function copyOfTestSet(name: string): Promise<string> {
  const dir = path.join(home.dir, name);
  await cp(goodDir, dir, { recursive: true });
  return dir;
}

beforeAll(async () => {
  home = await temporaryHome();
  api = await startTestApi();
  await selectBackend({ force: 'cpu' });
  const generated = await generateSyntheticDataset({
    outDir: path.join(home.dir, 'generated'),
    count: 4,
    size: 32,
    seed: 'bad-input',
  });
  goodDir = generated.imageDir;
  ids = generated.rows.map((row) => row.id);
  const config = parseTrainConfig({ ...tinyConfig(), channels: 4 });
  const model = buildModel(config);
  modelDir = path.join(home.dir, 'model');
  await saveModel(model, modelDir, { config, thresholds: new Array<number>(28).fill(0.5) });
  model.dispose();
});
afterAll(async () => {
  await api?.close();
  await home?.remove();
});

describe('hpa-train predict on bad input', () => {
  it('a missing channel: names the sample id and the missing file', async () => {
    const dir = await copyOfTestSet('missing-channel');
    const missing = path.join(dir, `${ids[2]}_yellow.png`);
    await rm(missing);
    const line = await predict(modelDir, dir);
    expect(line).toContain(`sample ${ids[2]} has no yellow channel: ${missing} is missing`);
    expect(line).toContain('add that file, or remove');
  });

  it('a corrupt (truncated) PNG: names the file', async () => {
    const dir = await copyOfTestSet('truncated-png');
    const broken = path.join(dir, `${ids[1]}_green.png`);
    await truncate(broken, Math.floor((await stat(broken)).size / 2));
    const line = await predict(modelDir, dir);
    expect(line).toContain(`${broken}: cannot decode PNG: file is truncated`);
    expect(line).toContain('replace it with an intact copy');
  });

  it('a --model that names no run, alias or folder', async () => {
    const alias = await predict('champion', goodDir);
    expect(alias).toContain('--model champion: no model folder, run or registry alias');
    expect(alias).toContain('the registry has none: promote a run first');
    const runId = '00000000-0000-4000-8000-000000000000';
    const run = await predict(runId, goodDir);
    expect(run).toContain(`--model ${runId}: no run with this id at ${api.url}`);
    const folder = await predict(home.dir, goodDir);
    expect(folder).toContain(`--model ${home.dir}: this folder holds no model.json`);
    const notTar = path.join(home.dir, 'model.tar');
    await writeFile(notTar, 'not an archive');
    expect(await predict(notTar, goodDir)).toContain(
      `--model ${notTar}: not a model folder or model.tar`,
    );
  });

  it('a test folder that does not exist', async () => {
    const nowhere = path.join(home.dir, 'no-such-folder');
    const line = await predict(modelDir, nowhere);
    expect(line).toContain(`--data ${nowhere}: no such folder; give the Kaggle test folder`);
  });
});
