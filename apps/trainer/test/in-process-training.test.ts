// End to end in embedded mode: launchRun on the real API puts the job on its in-process queue,
// which runs the trainer's processor; the trainer trains a tiny model in a child process and
// logs everything back through HTTP.
import { createHash } from 'node:crypto';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  decodeValidationProbabilities,
  trainJobDataSchema,
  VALIDATION_PROBABILITIES_ARTIFACT,
  type TrainJobProcessor,
} from '@hpa-lab/contracts';
import { evaluate } from '@hpa-lab/ml/metrics';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unpackModel } from '../src/run/model-bundle.ts';
import { createTrainJobProcessor, processTrainJob } from '../src/processor.ts';
import {
  isTerminal,
  launch,
  rawPointCount,
  readRun,
  startTestApi,
  temporaryHome,
  tinyConfig,
  waitFor,
  type TestApi,
} from './harness.ts';
import { graphql } from './generated/index.ts';

// The contract's processor type accepts the exported processor as is (apps/platform hands it
// to the API; apps/platform/test/main.test.ts trains a run through it).
const contractCheck: TrainJobProcessor = processTrainJob;

let api: TestApi;
const late: { handler?: ReturnType<typeof createTrainJobProcessor> } = {};
let home: Awaited<ReturnType<typeof temporaryHome>>;
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

beforeAll(async () => {
  home = await temporaryHome();
  // The API's URL and key exist only once it runs: the processor reads them per job.
  api = await startTestApi({
    maxArtifactBytes: 64 * 1024 * 1024,
    processor: async (job, context) => {
      await late.handler!(job, context);
    },
  });
  late.handler = createTrainJobProcessor({
    api: { url: api.url, key: api.adminKey },
    home: home.dir,
    logger,
    heartbeatIntervalMs: 300,
    metricFlushIntervalMs: 200,
    childLogLevel: 'warn',
  });
});
afterAll(async () => {
  await api?.close();
  await home?.remove();
});

describe('a launched run in embedded mode', () => {
  it('trains, logs curves and per-class evaluations, uploads the model and validation probabilities, and succeeds', async () => {
    expect(typeof contractCheck).toBe('function');
    const id = await launch(api, 'tiny', tinyConfig());
    const run = await waitFor(() => readRun(api, id), isTerminal, 'the run to finish', 80_000);
    expect(run.errorMessage).toBeNull();
    expect(run.status).toBe('SUCCEEDED');
    expect(run.backend).toBe('cpu');
    expect(run.device).toMatch(/^1 thread on /);
    expect(run.metricKeys).toEqual(
      expect.arrayContaining(['train/loss', 'train/learning_rate', 'val/loss', 'val/macro_f1']),
    );
    // 32 training samples / batch 8 = 4 steps per epoch, 2 epochs: one point per step.
    expect(await rawPointCount(api, id, 'train/loss')).toBe(8);

    const evaluations = await api.gql(
      graphql(`
        query inProcessRun($id: ID!) {
          run(id: $id) {
            evaluations {
              nodes {
                step
                split
                f1
                tp
                support
                cooccurrence
              }
            }
          }
        }
      `),
      { id },
    );
    const logged = evaluations.data!.run!.evaluations.nodes;
    expect(logged.map((e) => e.step).sort((a, b) => a - b)).toEqual([4, 8]);
    for (const evaluation of logged) {
      expect(evaluation.split).toBe('val');
      expect(evaluation.f1).toHaveLength(28);
      expect(evaluation.tp).toHaveLength(28);
      expect(evaluation.cooccurrence).toHaveLength(28);
      expect(evaluation.cooccurrence.every((row) => row.length === 28)).toBe(true);
      // 8 validation samples, each with at least one label.
      expect(evaluation.support.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(8);
    }

    const artifacts = await api.gql(
      graphql(`
        query inProcessArtifacts($id: ID!) {
          artifacts(runId: $id) {
            nodes {
              id
              kind
              name
              sha256
              bytes
            }
          }
        }
      `),
      {
        id,
      },
    );
    const byName = new Map(artifacts.data!.artifacts.nodes.map((a) => [a.name, a]));
    const model = byName.get('model.tar');
    expect(model?.kind).toBe('MODEL');
    expect(byName.get('run-info.json')?.kind).toBe('LOG');

    const download = await fetch(`${api.url}/artifacts/${model!.id}`, {
      headers: { authorization: `Bearer ${api.adminKey}` },
    });
    expect(download.status).toBe(200);
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(bytes.length).toBe(model!.bytes);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(model!.sha256);

    const unpacked = path.join(home.dir, 'unpacked');
    await unpackModel(path.join(home.dir, 'runs', id, 'model.tar'), unpacked);
    expect((await readdir(unpacked)).sort()).toEqual([
      'model.json',
      'thresholds.json',
      'train-config.json',
      'weights.bin',
    ]);

    const info = await fetch(`${api.url}${`/artifacts/${byName.get('run-info.json')!.id}`}`, {
      headers: { authorization: `Bearer ${api.adminKey}` },
    });
    const runInfo = (await info.json()) as Record<string, unknown>;
    expect(runInfo).toMatchObject({ backend: 'cpu', threads: 1, splitSeed: 3, samples: 40 });
    // The child's CPU seconds in trainModel: what the imbalance study reports per variant.
    expect(runInfo.trainingCpuSeconds).toBeGreaterThan(0);
    expect(runInfo.datasetFingerprint).toMatch(/^[0-9a-f]{64}$/);

    // launchRun knew only the split seed; startRun recorded the fingerprint of the prepared data.
    const dataset = await api.gql(
      graphql(`
        query inProcessRun2($id: ID!) {
          run(id: $id) {
            datasetFingerprint
            splitSeed
          }
        }
      `),
      { id },
    );
    expect(dataset.data!.run).toEqual({
      datasetFingerprint: runInfo.datasetFingerprint,
      splitSeed: 3,
    });

    // The best epoch's validation probabilities, for ensembles: the stored sha256 is the
    // content's, and scoring them with the best evaluation's thresholds gives that evaluation.
    const stored = byName.get(VALIDATION_PROBABILITIES_ARTIFACT);
    expect(stored?.kind).toBe('PREDICTIONS');
    const probabilitiesFile = await fetch(`${api.url}/artifacts/${stored!.id}`, {
      headers: { authorization: `Bearer ${api.adminKey}` },
    });
    const encoded = new Uint8Array(await probabilitiesFile.arrayBuffer());
    expect(createHash('sha256').update(encoded).digest('hex')).toBe(stored!.sha256);
    const decoded = decodeValidationProbabilities(encoded);
    expect(decoded.ids).toHaveLength(runInfo.validationSamples as number);
    expect(new Set(decoded.ids).size).toBe(decoded.ids.length);
    const best = await api.gql(
      graphql(`
        query inProcessBest($id: ID!) {
          run(id: $id) {
            bestEvaluation {
              step
              macroF1
              threshold
              tp
              fp
              cooccurrence
            }
          }
        }
      `),
      { id },
    );
    const bestEvaluation = best.data!.run!.bestEvaluation!;
    expect(decoded.step).toBe(bestEvaluation.step);
    const rescored = evaluate(decoded.labels, decoded.probabilities, bestEvaluation.threshold);
    expect(rescored.macroF1).toBeCloseTo(bestEvaluation.macroF1, 12);
    expect(rescored.perClass.tp).toEqual(bestEvaluation.tp);
    expect(rescored.perClass.fp).toEqual(bestEvaluation.fp);
    expect(rescored.cooccurrence).toEqual(bestEvaluation.cooccurrence);
  });

  it('fails a run whose dataset cannot be found, naming the field, without training', async () => {
    const id = await launch(
      api,
      'missing-data',
      tinyConfig({ dataset: { cachePath: path.join(home.dir, 'nowhere.json') } }),
    );
    const run = await waitFor(() => readRun(api, id), isTerminal, 'the run to fail');
    expect(run.status).toBe('FAILED');
    expect(run.errorMessage).toContain('dataset.cachePath');
    expect(run.errorMessage).toContain('nowhere.json does not exist');
    expect(run.metricKeys).toEqual([]);
  });

  it('fails the run with the training process error when the data is unreadable', async () => {
    const corrupt = path.join(home.dir, 'corrupt-cache.json');
    await writeFile(corrupt, JSON.stringify({ format: 'something-else' }));
    const id = await launch(api, 'corrupt-data', tinyConfig({ dataset: { cachePath: corrupt } }));
    const run = await waitFor(() => readRun(api, id), isTerminal, 'the run to fail');
    expect(run.status).toBe('FAILED');
    expect(run.errorMessage).toBe(`${corrupt}: not a cache index (format "something-else")`);
    // startRun waits for the prepared data (it records its fingerprint): a run whose data
    // cannot be read fails without ever having started.
    expect(run.backend).toBeNull();
  });

  it('does not train a run cancelled before its job started', async () => {
    const created = await api.gql(
      graphql(`
        mutation inProcessCreateRun($input: CreateRunInput!) {
          createRun(input: $input) {
            id
          }
        }
      `),
      { input: { projectId: api.projectId, name: 'cancelled-early', config: tinyConfig() } },
    );
    const id = created.data!.createRun.id;
    await api.gql(
      graphql(`
        mutation inProcessCancelRun($id: ID!) {
          cancelRun(id: $id, reason: "changed my mind") {
            id
          }
        }
      `),
      {
        id,
      },
    );
    const outcome = await late.handler!(
      trainJobDataSchema.parse({ runId: id, config: tinyConfig() }),
      { signal: new AbortController().signal },
    );
    expect(outcome).toMatchObject({ status: 'CANCELLED', errorMessage: 'changed my mind' });
    expect(await readRun(api, id)).toMatchObject({ status: 'CANCELLED', metricKeys: [] });
  });

  it('stops a cancelled run between batches', async () => {
    const id = await launch(api, 'long', tinyConfig({ epochs: 200, batchSize: 4 }));
    await waitFor(
      () => rawPointCount(api, id, 'train/loss'),
      (count) => count >= 3,
      'the first batches',
    );
    const cancelled = await api.gql(
      graphql(`
        mutation inProcessCancelRun2($id: ID!) {
          cancelRun(id: $id, reason: "enough") {
            status
          }
        }
      `),
      { id },
    );
    expect(cancelled.data!.cancelRun.status).toBe('CANCELLED');
    await waitFor(
      async () => (await api.queue.status()).active,
      (active) => active === 0,
      'the job to stop',
    );
    const afterStop = await rawPointCount(api, id, 'train/loss');
    expect(afterStop).toBeLessThan(200 * 8);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await rawPointCount(api, id, 'train/loss')).toBe(afterStop);
    const run = await readRun(api, id);
    expect(run).toMatchObject({ status: 'CANCELLED', errorMessage: 'enough' });
  });
});
