// compareRuns and classLeaderboard through HTTP against real curves in PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  errorCode,
  evaluationInput,
  perClassFill,
  startTestApi,
  trainConfig,
  type TestApi,
} from './test-api.ts';
import { graphql } from './generated/index.ts';

const COMPARE = graphql(`
  query compareCompareRuns($ids: [ID!]!, $keys: [String!]!, $maxPoints: Int) {
    compareRuns(ids: $ids, keys: $keys, maxPoints: $maxPoints) {
      runs {
        id
      }
      curves {
        key
        steps
        series {
          runId
          values
          min
          max
          rawPointCount
        }
      }
      classScores {
        runId
        evaluation {
          macroF1
          f1
        }
      }
      parameterDifferences {
        path
        values
      }
      warnings
    }
  }
`);

let api: TestApi;
let runA: string;
let runB: string;
let runC: string;

async function createRun(name: string, config: Record<string, unknown>) {
  const response = await api.gql(
    graphql(`
      mutation compareCreateRun($input: CreateRunInput!) {
        createRun(input: $input) {
          id
        }
      }
    `),
    { input: { projectId: api.projectId, name, config } },
  );
  return response.data!.createRun.id;
}

async function logCurve(
  runId: string,
  key: string,
  steps: number[],
  value: (step: number) => number,
) {
  for (let i = 0; i < steps.length; i += 1000) {
    const points = steps.slice(i, i + 1000).map((step) => ({ key, step, value: value(step) }));
    const response = await api.gql(
      graphql(`
        mutation compareLogMetrics($runId: ID!, $points: [MetricPointInput!]!) {
          logMetrics(runId: $runId, points: $points) {
            written
          }
        }
      `),
      { runId, points },
    );
    expect(response.errors).toBeUndefined();
  }
}

async function logEvaluation(
  runId: string,
  step: number,
  macroF1: number,
  f1: (c: number) => number,
) {
  const response = await api.gql(
    graphql(`
      mutation compareLogEvaluation($input: LogEvaluationInput!) {
        logEvaluation(input: $input) {
          id
        }
      }
    `),
    {
      input: evaluationInput(runId, macroF1, {
        step,
        perClass: {
          f1: Array.from({ length: 28 }, (_, c) => f1(c)),
          support: Array.from({ length: 28 }, (_, c) => 10 + c),
          threshold: Array.from({ length: 28 }, (_, c) => c / 100),
          fp: perClassFill(1),
          fn: perClassFill(1),
          tn: perClassFill(1),
        },
      }),
    },
  );
  expect(response.errors).toBeUndefined();
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

beforeAll(async () => {
  api = await startTestApi();
  runA = await createRun('A', trainConfig());
  runB = await createRun('B', trainConfig({ inputSize: 128, loss: { name: 'focal', gamma: 2 } }));
  runC = await createRun(
    'C',
    trainConfig({ dataset: { cachePath: '/other.bin', fingerprint: 'fp-other', splitSeed: 7 } }),
  );
  await logCurve(runA, 'train/loss', range(0, 2000), (step) =>
    step === 777 ? 100 : 1 - step / 2000,
  );
  await logCurve(runB, 'train/loss', range(1000, 3000), () => 0.25);
  await logCurve(runA, 'val/macro_f1', [100, 200, 300], (step) => step / 1000);
  await logCurve(runB, 'val/macro_f1', [100, 300, 500], (step) => step / 2000);
  await logEvaluation(runA, 100, 0.3, () => 0.3);
  // Classes 25-26 balance class 27 so that each macro F1 is the mean of its per-class F1s.
  await logEvaluation(runA, 200, 0.5, (c) => (c === 27 ? 0.9 : c === 26 ? 0.1 : 0.5));
  await logEvaluation(runB, 300, 0.6, (c) => (c === 27 ? 0.1 : c >= 25 ? 0.85 : 0.6));
});
afterAll(() => api?.close());

describe('compareRuns', () => {
  it('downsamples long curves to at most maxPoints on a shared step axis, keeping spikes', async () => {
    const response = await api.gql(COMPARE, {
      ids: [runA, runB, runC],
      keys: ['train/loss'],
      maxPoints: 100,
    });
    expect(response.errors).toBeUndefined();
    const [curve] = response.data!.compareRuns.curves;
    expect(curve!.steps.length).toBeLessThanOrEqual(100);
    expect(curve!.steps.length).toBeGreaterThan(90);
    expect([...curve!.steps].sort((a, b) => a - b)).toEqual(curve!.steps);
    expect(curve!.series.map((s) => s.runId)).toEqual([runA, runB]);
    const [a, b] = curve!.series;
    expect(a!.rawPointCount).toBe(2000);
    expect(b!.rawPointCount).toBe(2000);
    for (const series of curve!.series) {
      expect(series.values).toHaveLength(curve!.steps.length);
      expect(series.min).toHaveLength(curve!.steps.length);
    }
    // The spike at step 777 survives in the max envelope even though means smooth it away.
    expect(Math.max(...a!.max.filter((v): v is number => v !== null))).toBe(100);
    // Run A stops at step 1999 and run B starts at 1000: nulls where a run has no points.
    const lastIndex = curve!.steps.length - 1;
    expect(a!.values[lastIndex]).toBeNull();
    expect(b!.values[0]).toBeNull();
    expect(b!.values[lastIndex]).toBeCloseTo(0.25);
    expect(curve!.steps[lastIndex]).toBe(2999);
  });

  it('returns short curves exactly, aligned by step', async () => {
    const response = await api.gql(COMPARE, {
      ids: [runA, runB],
      keys: ['val/macro_f1'],
      maxPoints: 500,
    });
    const [curve] = response.data!.compareRuns.curves;
    expect(curve!.steps).toEqual([100, 200, 300, 500]);
    expect(curve!.series[0]!.values).toEqual([0.1, 0.2, 0.3, null]);
    expect(curve!.series[1]!.values).toEqual([0.05, null, 0.15, 0.25]);
  });

  it('gives per-class F1 of each run’s best evaluation, config differences and warnings', async () => {
    const response = await api.gql(COMPARE, { ids: [runA, runB, runC], keys: [] });
    const comparison = response.data!.compareRuns;
    expect(comparison.runs.map((run) => run.id)).toEqual([runA, runB, runC]);
    const [a, b, c] = comparison.classScores;
    expect(a!.evaluation!.macroF1).toBe(0.5);
    expect(a!.evaluation!.f1[27]).toBe(0.9);
    expect(b!.evaluation!.macroF1).toBe(0.6);
    expect(c!.evaluation).toBeNull();
    const paths = comparison.parameterDifferences.map((d) => d.path);
    expect(paths).toContain('inputSize');
    expect(paths).toContain('loss.name');
    expect(paths).toContain('dataset.fingerprint');
    expect(paths).not.toContain('epochs');
    const inputSize = comparison.parameterDifferences.find((d) => d.path === 'inputSize')!;
    expect(inputSize.values).toEqual([64, 128, 64]);
    expect(comparison.warnings.join(' ')).toContain('fp-other');
    // The warning names the runs of each dataset.
    expect(comparison.warnings[0]).toMatch(/"A", "B" \(fp-test\); "C" \(fp-other\)/);
  });

  it('refuses unknown runs, bad keys and out-of-range maxPoints', async () => {
    const missing = await api.gql(COMPARE, {
      ids: [runA, '00000000-0000-4000-8000-000000000000'],
      keys: ['train/loss'],
    });
    expect(errorCode(missing)).toBe('NOT_FOUND');
    const badKey = await api.gql(COMPARE, { ids: [runA], keys: ["x'; DROP TABLE"] });
    expect(errorCode(badKey)).toBe('BAD_USER_INPUT');
    const tooFew = await api.gql(COMPARE, { ids: [runA], keys: ['train/loss'], maxPoints: 1 });
    expect(errorCode(tooFew)).toBe('BAD_USER_INPUT');
    expect(tooFew.errors![0]!.message).toContain('maxPoints');
  });
});

describe('classLeaderboard', () => {
  it('ranks runs per class by the F1 of their best evaluation', async () => {
    const response = await api.gql(
      graphql(`
        query compareClassLeaderboard($projectId: ID!) {
          classLeaderboard(projectId: $projectId, top: 2) {
            classId
            top {
              run {
                id
              }
              f1
              threshold
              support
            }
          }
        }
      `),
      { projectId: api.projectId },
    );
    expect(response.errors).toBeUndefined();
    const board = response.data!.classLeaderboard;
    expect(board).toHaveLength(28);
    expect(board[27]!.top.map((entry) => entry.run.id)).toEqual([runA, runB]);
    expect(board[27]!.top[0]!.f1).toBe(0.9);
    expect(board[27]!.top[0]!.threshold).toBe(0.27);
    expect(board[27]!.top[0]!.support).toBe(37);
    expect(board[3]!.top[1]!.support).toBe(13);
    expect(board[0]!.top.map((entry) => entry.run.id)).toEqual([runB, runA]);
  });
});
