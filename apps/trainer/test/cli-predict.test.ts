// `hpa-train predict` end to end against the real API: models reached through the registry
// alias, a run id and a local folder; the submission CSV must list every test id once, in the
// order of sample_submission.csv, and predict exactly what the model's own predict() gives on
// the same tensors cut at the run's thresholds. --upload stores it on the run, once.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  ALL_CHANNELS,
  NUM_CLASSES,
  buildModel,
  decodeSampleHwc,
  generateSyntheticDataset,
  parseTrainConfig,
  saveModel,
  selectBackend,
  toInputTensor,
  type TrainConfig,
} from '@hpa-lab/ml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluationInput } from '@hpa-lab/api/testing';
import { createTrainerApi } from '../src/api-client/index.ts';
import { packModel } from '../src/run/model-bundle.ts';
import { startTestApi, temporaryHome, tinyConfig, type TestApi } from './harness.ts';
import { hpaTrain } from './hpa-train-cli.ts';
import { graphql } from './generated/index.ts';

let api: TestApi;
let home: Awaited<ReturnType<typeof temporaryHome>>;
let testDir: string;
/** Test ids in sample_submission.csv's order (not sorted: the CSV must keep it). */
let ids: string[];
let pixels: Uint8Array;
const SIZE = 32;

/** Two models with their own thresholds: A keeps them in thresholds.json, B in its evaluation. */
const models: Record<
  'a' | 'b',
  { dir: string; runId: string; thresholds: number[]; probs: Float32Array }
> = {} as never;

const env = () => ({
  HPA_API_URL: api.url,
  HPA_API_KEY: api.adminKey,
  HPA_LAB_HOME: path.join(home.dir, 'lab'),
});

/** What the model itself predicts on the test images: the reference the CSV must match. */
function ownPredictions(model: ReturnType<typeof buildModel>): Float32Array {
  const x = toInputTensor(pixels, ids.length, SIZE, 4, [0, 1, 2, 3], SIZE);
  const y = model.predict(x) as unknown as { dataSync(): Float32Array; dispose(): void };
  const probabilities = Float32Array.from(y.dataSync());
  x.dispose();
  y.dispose();
  return probabilities;
}

/** Per class, a cut between two samples' probabilities (at `quantile`): a mix of yes and no. */
function thresholdsBetweenSamples(probs: Float32Array, quantile: number): number[] {
  return Array.from({ length: NUM_CLASSES }, (_, c) => {
    const column = ids.map((_, i) => probs[i * NUM_CLASSES + c]!).sort((a, b) => a - b);
    const k = Math.max(1, Math.floor(column.length * quantile));
    return (column[k - 1]! + column[k]!) / 2;
  });
}

async function registerRun(name: string, tarFile: string, thresholds: number[] | null) {
  const client = createTrainerApi({ url: api.url, key: api.adminKey });
  const run = await client.createRun({ projectId: api.projectId, name, config: tinyConfig() });
  await client.startRun(run.id);
  if (thresholds) {
    await client.logEvaluation(
      evaluationInput(run.id, 0.4, { perClass: { threshold: thresholds } }),
    );
  }
  await client.uploadArtifact({ runId: run.id, file: tarFile, kind: 'MODEL', name: 'model.tar' });
  await client.finishRun(run.id, 'SUCCEEDED');
  return run.id;
}

async function makeModel(key: 'a' | 'b', config: TrainConfig, quantile: number) {
  const model = buildModel(config);
  const probs = ownPredictions(model);
  const thresholds = thresholdsBetweenSamples(probs, quantile);
  const dir = path.join(home.dir, `model-${key}`);
  await saveModel(model, dir, { config, thresholds });
  model.dispose();
  // B carries no thresholds.json: predict must take its run's evaluation's.
  if (key === 'b') await rm(path.join(dir, 'thresholds.json'));
  const tarFile = path.join(home.dir, `model-${key}.tar`);
  await packModel(dir, tarFile);
  const runId = await registerRun(`predict-${key}`, tarFile, key === 'b' ? thresholds : null);
  models[key] = { dir, runId, thresholds, probs };
}

function parseSubmission(text: string): Map<string, Set<number>> {
  const lines = text.trimEnd().split('\n');
  expect(lines[0]).toBe('Id,Predicted');
  const rows = new Map<string, Set<number>>();
  for (const line of lines.slice(1)) {
    expect(line).toMatch(/^[^,]+,(\d+( \d+)*)?$/);
    const [id, predicted] = line.split(',') as [string, string];
    expect(rows.has(id), `${id} listed twice`).toBe(false);
    rows.set(id, new Set(predicted === '' ? [] : predicted.split(' ').map(Number)));
  }
  expect([...rows.keys()]).toEqual(ids);
  return rows;
}

/** The CSV's classes are exactly those whose own-predict probability passes its threshold. */
function expectSameDecisions(rows: Map<string, Set<number>>, key: 'a' | 'b') {
  const { probs, thresholds } = models[key];
  let decided = 0;
  let predicted = 0;
  ids.forEach((id, i) => {
    for (let c = 0; c < NUM_CLASSES; c++) {
      const p = probs[i * NUM_CLASSES + c]!;
      // Two float paths (model.predict, the compiled inference plan) may differ in the last bits.
      if (Math.abs(p - thresholds[c]!) < 1e-5) continue;
      decided += 1;
      expect(rows.get(id)!.has(c), `${id} class ${c}`).toBe(p >= thresholds[c]!);
      if (p >= thresholds[c]!) predicted += 1;
    }
  });
  // The cuts lie between samples: most decisions count, and both answers occur.
  expect(decided).toBeGreaterThan(ids.length * NUM_CLASSES * 0.9);
  expect(predicted).toBeGreaterThan(0);
  expect(predicted).toBeLessThan(decided);
}

const PROMOTE = graphql(`
  mutation predictPromote($runId: ID!) {
    promoteModel(runId: $runId, name: "predict-test", alias: "champion") {
      version
    }
  }
`);

beforeAll(async () => {
  home = await temporaryHome();
  api = await startTestApi({ maxArtifactBytes: 64 * 1024 * 1024 });
  await selectBackend({ force: 'cpu' });
  // The Kaggle test layout: test/<Id>_<channel>.png and sample_submission.csv.
  const generated = await generateSyntheticDataset({
    outDir: path.join(home.dir, 'generated'),
    count: 12,
    size: SIZE,
    seed: 'cli-predict',
  });
  testDir = path.join(home.dir, 'kaggle-test');
  await mkdir(testDir, { recursive: true });
  await rename(generated.imageDir, path.join(testDir, 'test'));
  ids = generated.rows.map((row) => row.id).reverse();
  await writeFile(
    path.join(testDir, 'sample_submission.csv'),
    ['Id,Predicted', ...ids.map((id) => `${id},0`)].join('\n') + '\n',
  );
  const planes = await Promise.all(
    ids.map((id) => {
      const files = Object.fromEntries(
        ALL_CHANNELS.map((c) => [c, path.join(testDir, 'test', `${id}_${c}.png`)]),
      ) as Record<(typeof ALL_CHANNELS)[number], string>;
      return decodeSampleHwc(files, ALL_CHANNELS, SIZE);
    }),
  );
  pixels = new Uint8Array(planes.reduce((n, p) => n + p.length, 0));
  planes.forEach((plane, i) => pixels.set(plane, i * plane.length));
  const config = parseTrainConfig({ ...tinyConfig(), channels: 4 });
  await makeModel('a', config, 0.5);
  await makeModel('b', config, 0.3);
  const promoted = await api.gql(PROMOTE, { runId: models.a.runId });
  expect(promoted.errors).toBeUndefined();
});
afterAll(async () => {
  await api?.close();
  await home?.remove();
});

describe('hpa-train predict', () => {
  it('predicts with the champion, applies its thresholds.json and uploads the CSV once', async () => {
    const out = path.join(home.dir, 'champion.csv');
    const args = ['predict', '--model', 'champion', '--data', testDir, '--out', out, '--upload'];
    const result = await hpaTrain([...args, '--backend', 'cpu'], env());
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('predict-test@champion (version 1');
    expect(result.stdout).toContain("thresholds from the model's thresholds.json");
    expect(result.stdout).toContain(`wrote ${out}: 12 samples`);
    const csv = await readFile(out, 'utf8');
    expectSameDecisions(parseSubmission(csv), 'a');

    // Again: the downloaded model and the decoded images are reused, the upload is a no-op.
    const again = await hpaTrain([...args, '--backend', 'cpu'], env());
    expect(again.code).toBe(0);
    expect(await readFile(out, 'utf8')).toBe(csv);
    const stored = await api.database.prisma.artifact.findMany({
      where: { runId: models.a.runId, kind: 'submission' },
    });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.name).toMatch(/^submission-[0-9a-f]{12}\.csv$/);
    expect(Number(stored[0]!.bytes)).toBe(Buffer.byteLength(csv));
  });

  it("takes a run id, and its best evaluation's thresholds when the model has none", async () => {
    const out = path.join(home.dir, 'by-run.csv');
    const result = await hpaTrain(
      ['predict', '--model', models.b.runId, '--data', testDir, '--out', out, '--backend', 'cpu'],
      env(),
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("thresholds from the run's best val evaluation (step 10)");
    expectSameDecisions(parseSubmission(await readFile(out, 'utf8')), 'b');
  });

  it('takes a local model folder without any API', async () => {
    const out = path.join(home.dir, 'local.csv');
    const result = await hpaTrain(
      ['predict', '--model', models.a.dir, '--data', testDir, '--out', out, '--backend', 'cpu'],
      { HPA_LAB_HOME: path.join(home.dir, 'lab'), HPA_API_URL: 'http://127.0.0.1:9' },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expectSameDecisions(parseSubmission(await readFile(out, 'utf8')), 'a');
  });
});
