// Run.bestEpoch and Run.imagesPerSecond: the compare page's summary table reads them instead of
// fetching every evaluation and curve of every run.
import { METRIC_KEYS } from '@hpa-lab/ml/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluationInput, startTestApi, trainConfig, type TestApi } from './test-api.ts';
import { graphql } from './generated/index.ts';

let api: TestApi;

async function createRun(): Promise<string> {
  const response = await api.gql(
    graphql(`
      mutation summaryCreateRun($input: CreateRunInput!) {
        createRun(input: $input) {
          id
        }
      }
    `),
    { input: { projectId: api.projectId, name: 'summary', config: trainConfig() } },
  );
  expect(response.errors).toBeUndefined();
  return response.data!.createRun.id;
}

async function summary(id: string) {
  const response = await api.gql(
    graphql(`
      query summaryRun($id: ID!) {
        run(id: $id) {
          bestEpoch
          imagesPerSecond
          bestMacroF1
        }
      }
    `),
    { id },
  );
  expect(response.errors).toBeUndefined();
  return response.data!.run!;
}

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api?.close());

describe('the summary fields of a run', () => {
  it('give the epoch of the best validation evaluation and the median throughput', async () => {
    const id = await createRun();
    const log = graphql(`
      mutation summaryLogEvaluation($input: LogEvaluationInput!) {
        logEvaluation(input: $input) {
          id
        }
      }
    `);
    // Epochs end at steps 10, 20, 30; the second is the best on `val`. A better `test`
    // evaluation later does not move it.
    for (const [step, macroF1, split] of [
      [10, 0.3, 'val'],
      [20, 0.5, 'val'],
      [30, 0.4, 'val'],
      [40, 0.9, 'test'],
    ] as const) {
      const logged = await api.gql(log, { input: evaluationInput(id, macroF1, { step, split }) });
      expect(logged.errors).toBeUndefined();
    }
    const points = [
      [10, 100],
      [20, 300],
      [30, 200],
    ].map(([step, value]) => ({ key: METRIC_KEYS.imagesPerSecond, step: step!, value: value! }));
    const metrics = await api.gql(
      graphql(`
        mutation summaryLogMetrics($runId: ID!, $points: [MetricPointInput!]!) {
          logMetrics(runId: $runId, points: $points) {
            written
          }
        }
      `),
      { runId: id, points },
    );
    expect(metrics.errors).toBeUndefined();
    expect(await summary(id)).toEqual({ bestEpoch: 2, imagesPerSecond: 200, bestMacroF1: 0.5 });
  });

  it('are null for a run that has logged neither', async () => {
    expect(await summary(await createRun())).toEqual({
      bestEpoch: null,
      imagesPerSecond: null,
      bestMacroF1: null,
    });
  });
});
