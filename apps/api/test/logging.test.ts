// logMetrics and logEvaluation through HTTP: one-statement batches, idempotent retries, and bad
// input refused whole (nothing partial written).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  errorCode,
  evaluationInput,
  perClassFill,
  startTestApi,
  trainConfig,
  type GraphQLResponse,
  type TestApi,
} from './test-api.ts';
import type { LoggingEvaluationsPageQuery, MetricPointInput } from './generated/graphql.ts';
import { graphql } from './generated/index.ts';

const LOG = graphql(`
  mutation loggingLogMetrics($runId: ID!, $points: [MetricPointInput!]!) {
    logMetrics(runId: $runId, points: $points) {
      written
    }
  }
`);
const LOG_EVALUATION = graphql(`
  mutation loggingLogEvaluation($input: LogEvaluationInput!) {
    logEvaluation(input: $input) {
      id
      step
      split
      macroF1
      f1
      support
      cooccurrence
    }
  }
`);

let api: TestApi;
let member: { id: string; key: string };
let runId: string;

const pointCount = () => api.database.prisma.metricPoint.count({ where: { runId } });

beforeAll(async () => {
  api = await startTestApi();
  member = await api.member('MEMBER');
  const created = await api.gql(
    graphql(`
      mutation loggingCreateRun($input: CreateRunInput!) {
        createRun(input: $input) {
          id
        }
      }
    `),
    { input: { projectId: api.projectId, name: 'logging', config: trainConfig() } },
    member.key,
  );
  runId = created.data!.createRun.id;
});
afterAll(() => api?.close());

describe('logMetrics', () => {
  it('writes 1,000 points in one call and a retried call does not duplicate them', async () => {
    const points = Array.from({ length: 1000 }, (_, step) => ({
      key: step % 2 ? 'train/loss' : 'val/macro_f1',
      step,
      value: 1 / (step + 1),
      wallTime: new Date(Date.UTC(2026, 0, 1, 0, 0, step)).toISOString(),
    }));
    const first = await api.gql(LOG, { runId, points }, member.key);
    expect(first.errors).toBeUndefined();
    expect(first.data!.logMetrics.written).toBe(1000);
    const retry = await api.gql(LOG, { runId, points }, member.key);
    expect(retry.data!.logMetrics.written).toBe(1000);
    expect(await pointCount()).toBe(1000);
    const stored = await api.database.prisma.metricPoint.findUniqueOrThrow({
      where: { runId_key_step: { runId, key: 'train/loss', step: 9 } },
    });
    expect(stored.value).toBeCloseTo(0.1);
    expect(stored.wallTime.toISOString()).toBe('2026-01-01T00:00:09.000Z');
  });

  it('overwrites the value of a point sent again', async () => {
    await api.gql(LOG, { runId, points: [{ key: 'train/loss', step: 9, value: 42 }] }, member.key);
    const stored = await api.database.prisma.metricPoint.findUniqueOrThrow({
      where: { runId_key_step: { runId, key: 'train/loss', step: 9 } },
    });
    expect(stored.value).toBe(42);
    expect(await pointCount()).toBe(1000);
  });

  it('stores a key spelled NULL and values exactly as sent', async () => {
    const values = [0.1 + 0.2, 5e-324, -1.7976931348623157e308, 123456789.12345679];
    const points = values.map((value, step) => ({ key: 'NULL', step, value }));
    const response = await api.gql(LOG, { runId, points }, member.key);
    expect(response.errors).toBeUndefined();
    const stored = await api.database.prisma.metricPoint.findMany({
      where: { runId, key: 'NULL' },
      orderBy: { step: 'asc' },
    });
    expect(stored.map((point) => point.value)).toEqual(values);
    await api.database.prisma.metricPoint.deleteMany({ where: { runId, key: 'NULL' } });
  });

  it('lists the run’s metric keys', async () => {
    const response = await api.gql(
      graphql(`
        query loggingRun($id: ID!) {
          run(id: $id) {
            metricKeys
          }
        }
      `),
      { id: runId },
    );
    expect(response.data!.run!.metricKeys).toEqual(['train/loss', 'val/macro_f1']);
  });

  const good = { key: 'bad/test', step: 1, value: 1 };
  const badBatches: [string, MetricPointInput[], string][] = [
    ['a negative step', [good, { ...good, step: -1 }], 'points.1.step'],
    ['a fractional step', [good, { ...good, step: 1.5 }], '1.5'],
    ['a bad key', [good, { ...good, key: '../x y' }], 'points.1.key'],
    ['a repeated (key, step)', [good, good], 'points[1] repeats'],
    ['no points', [], 'at least one point'],
    ['1,001 points', Array.from({ length: 1001 }, (_, step) => ({ ...good, step })), '1000'],
  ];
  it.each(badBatches)(
    'refuses a batch with %s and writes none of it',
    async (_what, points, message) => {
      const before = await pointCount();
      const response = await api.gql(LOG, { runId, points }, member.key);
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(response.errors![0]!.message).toContain(message);
      expect(await pointCount()).toBe(before);
    },
  );

  it('refuses NaN and infinite values (which JSON can only smuggle in as 1e999)', async () => {
    const before = await pointCount();
    const body = `{"query":${JSON.stringify(LOG)},"variables":{"runId":"${runId}","points":[{"key":"bad/test","step":1,"value":1},{"key":"bad/test","step":2,"value":1e999}]}}`;
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${member.key}` },
      body,
    });
    const json = (await response.json()) as {
      errors: { message: string; extensions: { code: string } }[];
    };
    expect(json.errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(json.errors[0]!.message).toMatch(/Infinity|finite/);
    const nan = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${member.key}` },
      body: body.replace('1e999', 'NaN'),
    });
    expect(nan.status).toBe(400);
    expect(await pointCount()).toBe(before);
  });

  it('refuses an unknown run and a malformed run id', async () => {
    const unknown = await api.gql(
      LOG,
      { runId: '00000000-0000-4000-8000-000000000009', points: [good] },
      member.key,
    );
    expect(errorCode(unknown)).toBe('NOT_FOUND');
    const malformed = await api.gql(LOG, { runId: "1' OR 1=1", points: [good] }, member.key);
    expect(errorCode(malformed)).toBe('BAD_USER_INPUT');
  });
});

/** Per-class F1s around `macroF1` whose mean is `macroF1`, as the API requires. */
const f1Around = (macroF1: number) =>
  Array.from({ length: 28 }, (_, c) => macroF1 + (c % 2 === 0 ? -0.01 : 0.01));

function evaluation(overrides: Record<string, unknown> = {}) {
  const macroF1 = typeof overrides.macroF1 === 'number' ? overrides.macroF1 : 0.42;
  return {
    ...evaluationInput(runId, macroF1, {
      step: 100,
      perClass: {
        f1: f1Around(macroF1),
        support: Array.from({ length: 28 }, (_, c) => 100 - c),
        threshold: perClassFill(0.4),
        tp: perClassFill(10),
        fp: perClassFill(3),
        fn: perClassFill(4),
        tn: perClassFill(1000),
      },
      cooccurrence: Array.from({ length: 28 }, (_, i) =>
        Array.from({ length: 28 }, (_, j) => i * 28 + j),
      ),
    }),
    ...overrides,
  };
}

describe('logEvaluation', () => {
  const bestMacroF1 = async () =>
    (await api.database.prisma.run.findUniqueOrThrow({ where: { id: runId } })).bestMacroF1;

  it('stores one structured record and keeps the run’s best validation macro F1', async () => {
    const response = await api.gql(LOG_EVALUATION, { input: evaluation() }, member.key);
    expect(response.errors).toBeUndefined();
    const stored = response.data!.logEvaluation;
    expect(stored.f1).toHaveLength(28);
    expect(stored.support[27]).toBe(73);
    expect(stored.cooccurrence[2]![5]).toBe(2 * 28 + 5);
    expect(await bestMacroF1()).toBeCloseTo(0.42);

    await api.gql(LOG_EVALUATION, { input: evaluation({ step: 200, macroF1: 0.51 }) }, member.key);
    await api.gql(LOG_EVALUATION, { input: evaluation({ step: 300, macroF1: 0.47 }) }, member.key);
    await api.gql(
      LOG_EVALUATION,
      { input: evaluation({ step: 300, split: 'test', macroF1: 0.9 }) },
      member.key,
    );
    expect(await bestMacroF1()).toBeCloseTo(0.51);
  });

  it('replaces the record of a retried (run, split, step), lowering the best if needed', async () => {
    await api.gql(LOG_EVALUATION, { input: evaluation({ step: 200, macroF1: 0.3 }) }, member.key);
    expect(await api.database.prisma.evaluation.count({ where: { runId, step: 200 } })).toBe(1);
    expect(await bestMacroF1()).toBeCloseTo(0.47);
    const best = await api.gql(
      graphql(`
        query loggingRun2($id: ID!) {
          run(id: $id) {
            bestEvaluation {
              step
            }
            evaluations(split: "val") {
              nodes {
                step
              }
            }
          }
        }
      `),
      { id: runId },
    );
    expect(best.data!.run!.bestEvaluation!.step).toBe(300);
    expect(best.data!.run!.evaluations.nodes).toHaveLength(3);
  });

  it("pages a run's evaluations, newest step first, one at a time", async () => {
    const query = graphql(`
      query loggingEvaluationsPage($id: ID!, $first: Int, $after: String) {
        run(id: $id) {
          evaluations(first: $first, after: $after) {
            totalCount
            nodes {
              step
              split
            }
            pageInfo {
              hasNextPage
              endCursor
            }
          }
        }
      }
    `);
    const whole = await api.gql(query, { id: runId, first: 200 });
    const all = whole.data!.run!.evaluations;
    expect(all.nodes.length).toBeGreaterThanOrEqual(3);
    expect(all.totalCount).toBe(all.nodes.length);
    const steps = all.nodes.map((node) => node.step);
    expect(steps).toEqual([...steps].sort((a, b) => b - a));
    const paged: { step: number; split: string }[] = [];
    let after: string | null = null;
    for (;;) {
      const page: GraphQLResponse<LoggingEvaluationsPageQuery> = await api.gql(query, {
        id: runId,
        first: 1,
        after,
      });
      const evaluations = page.data!.run!.evaluations;
      expect(evaluations.totalCount).toBe(all.totalCount);
      paged.push(...evaluations.nodes);
      if (!evaluations.pageInfo.hasNextPage) break;
      after = evaluations.pageInfo.endCursor;
    }
    expect(paged).toEqual(all.nodes);
    const forged = await api.gql(query, { id: runId, first: 1, after: 'bm9wZQ' });
    expect(forged.errors![0]!.message).toBe('after is not a cursor returned by evaluations');
  });

  const wrong: [string, Record<string, unknown>, string][] = [
    [
      'a per-class array of 27',
      { perClass: { ...evaluation().perClass, f1: new Array(27).fill(0.5) } },
      'input.perClass.f1',
    ],
    [
      'a co-occurrence row of 29',
      { cooccurrence: [...evaluation().cooccurrence.slice(1), new Array(29).fill(0)] },
      'input.cooccurrence.27',
    ],
    ['an F1 above 1', { macroF1: 1.5 }, 'input.macroF1'],
    [
      'a negative count',
      { perClass: { ...evaluation().perClass, tp: [-1, ...new Array(27).fill(0)] } },
      'input.perClass.tp.0',
    ],
    ['a negative step', { step: -5 }, 'input.step'],
    ['a bad split name', { split: 'Val Set' }, 'input.split'],
    [
      'a macro F1 its per-class F1s contradict (the mean is 0.42)',
      { perClass: { ...evaluation().perClass, f1: f1Around(0.42) }, macroF1: 0.52 },
      'input.macroF1: macroF1 0.52 is not the mean of the 28 per-class F1s, 0.42',
    ],
  ];
  it.each(wrong)(
    'refuses %s, naming the field, and stores nothing',
    async (_what, overrides, field) => {
      const before = await api.database.prisma.evaluation.count();
      const response = await api.gql(
        LOG_EVALUATION,
        { input: evaluation({ step: 999, ...overrides }) },
        member.key,
      );
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(response.errors![0]!.message).toContain(field);
      expect(await api.database.prisma.evaluation.count()).toBe(before);
    },
  );
});
