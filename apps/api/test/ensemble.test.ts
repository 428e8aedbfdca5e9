// ensembleEvaluation and bestPerClassComposite against the real API, PostgreSQL and artifact
// store: a hand-computed case, equality with packages/ml's metrics on the same arrays, and each
// bad input with its code.
import { randomUUID } from 'node:crypto';
import {
  encodeValidationProbabilities,
  VALIDATION_PROBABILITIES_ARTIFACT,
} from '@hpa-lab/contracts';
import {
  averageProbabilities,
  crossFittedPerClassF1,
  evaluate,
  sampleFold,
  sampleFolds,
  bestPerClassComposite as mlComposite,
} from '@hpa-lab/ml/metrics';
import { rareClassF1 } from '@hpa-lab/ml/rare-classes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upload } from './artifact-http.ts';
import { errorCode, startTestApi, trainConfig, type TestApi } from './test-api.ts';
import { graphql } from './generated/index.ts';

const C = 28;
const FINGERPRINT = 'e'.repeat(64);
let api: TestApi;

const ENSEMBLE = graphql(`
  query ensembleTest($runIds: [ID!]!, $thresholds: EnsembleThresholds, $globalThreshold: Float) {
    ensembleEvaluation(
      runIds: $runIds
      thresholds: $thresholds
      globalThreshold: $globalThreshold
    ) {
      runIds
      thresholds
      sampleCount
      macroF1
      rareClassF1
      f1
      precision
      recall
      support
      threshold
      tp
      fp
      fn
      tn
      cooccurrence
      members {
        runId
        macroF1
        rareClassF1
      }
      bestSingleRunId
      gain
      classWinners {
        classId
      }
    }
  }
`);

const COMPOSITE = graphql(`
  query compositeTest($runIds: [ID!]!, $thresholds: EnsembleThresholds) {
    bestPerClassComposite(runIds: $runIds, thresholds: $thresholds) {
      macroF1
      f1
      tp
      fp
      fn
      cooccurrence
      members {
        runId
        macroF1
      }
      bestSingleRunId
      gain
      classWinners {
        classId
        runId
        halfRunIds
      }
    }
  }
`);

interface Probabilities {
  ids: string[];
  /** ids.length x 28 */
  labels: Uint8Array;
  probabilities: Float32Array;
}

async function createRun(
  data: { fingerprint?: string | null; splitSeed?: number | null } = {},
): Promise<string> {
  const response = await api.gql(
    graphql(`
      mutation ensembleCreateRun($input: CreateRunInput!) {
        createRun(input: $input) {
          id
        }
      }
    `),
    {
      input: {
        projectId: api.projectId,
        name: 'ensemble member',
        // Without a fingerprint in the config either, the run's data is unknown.
        config: trainConfig(
          data.fingerprint === null ? { dataset: { cachePath: '/data/cache.bin' } } : {},
        ),
        datasetFingerprint: data.fingerprint === undefined ? FINGERPRINT : data.fingerprint,
        splitSeed: data.splitSeed === undefined ? 1 : data.splitSeed,
      },
    },
  );
  expect(response.errors).toBeUndefined();
  return response.data!.createRun.id;
}

async function store(runId: string, content: Buffer | Probabilities): Promise<void> {
  const bytes = Buffer.isBuffer(content)
    ? content
    : Buffer.from(encodeValidationProbabilities({ step: 10, classes: C, ...content }));
  const response = await upload(
    api.url,
    api.adminKey,
    runId,
    VALIDATION_PROBABILITIES_ARTIFACT,
    bytes,
    {
      kind: 'PREDICTIONS',
    },
  );
  expect(response.status).toBe(201);
}

async function runWith(content: Probabilities, data?: Parameters<typeof createRun>[0]) {
  const id = await createRun(data);
  await store(id, content);
  return id;
}

/** ids.length x 28 from per-class columns given for the first classes; the rest at `rest`. */
function matrix(ids: string[], columns: number[][], rest: number): Float32Array {
  const out = new Float32Array(ids.length * C).fill(rest);
  columns.forEach((column, c) => column.forEach((value, s) => (out[s * C + c] = value)));
  return out;
}

function labelMatrix(ids: string[], columns: number[][]): Uint8Array {
  return Uint8Array.from(matrix(ids, columns, 0));
}

let state = 2024;
const rand = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

function randomSet(ids: string[], labels: Uint8Array): Probabilities {
  const probabilities = new Float32Array(ids.length * C);
  for (let i = 0; i < probabilities.length; i++) {
    probabilities[i] = Math.min(1, 0.45 * labels[i]! + 0.6 * rand());
  }
  return { ids, labels, probabilities };
}

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api?.close());

describe('ensembleEvaluation (hand-computed)', () => {
  // Four samples; class 0 is in s0 and s2, class 1 in s1 and s2, no other class anywhere.
  const ids = ['s0', 's1', 's2', 's3'];
  const labels = labelMatrix(ids, [
    [1, 0, 1, 0],
    [0, 1, 1, 0],
  ]);
  // Run A misses s2 in both classes; run B gets class 0 right and adds s3 to class 1.
  const a = matrix(
    ids,
    [
      [0.9, 0.2, 0.4, 0.1],
      [0.3, 0.8, 0.2, 0.1],
    ],
    0.1,
  );
  const b = matrix(
    ids,
    [
      [0.7, 0.4, 0.8, 0.3],
      [0.1, 0.6, 0.9, 0.7],
    ],
    0.1,
  );

  it('averages the probabilities sample by sample and scores them at 0.5', async () => {
    const runA = await runWith({ ids, labels, probabilities: a });
    const runB = await runWith({ ids, labels, probabilities: b });
    const response = await api.gql(ENSEMBLE, { runIds: [runA, runB] });
    expect(response.errors).toBeUndefined();
    const result = response.data!.ensembleEvaluation;
    // Mean class 0: 0.8 0.3 0.6 0.2 -> s0, s2: exact. Mean class 1: 0.2 0.7 0.55 0.4 -> s1, s2:
    // exact. Every other class has no support and no prediction: F1 0, counted in the mean.
    expect(result.runIds).toEqual([runA, runB]);
    expect(result.thresholds).toBe('GLOBAL');
    expect(result.sampleCount).toBe(4);
    expect(result.f1.slice(0, 3)).toEqual([1, 1, 0]);
    expect(result.macroF1).toBeCloseTo(2 / 28, 12);
    expect(result.tp.slice(0, 2)).toEqual([2, 2]);
    expect(result.fp.slice(0, 2)).toEqual([0, 0]);
    expect(result.support.slice(0, 3)).toEqual([2, 2, 0]);
    expect(result.tn[5]).toBe(4);
    expect(result.threshold).toEqual(new Array(28).fill(0.5));
    expect(result.cooccurrence[0]!.slice(0, 2)).toEqual([2, 1]);
    expect(result.cooccurrence[1]!.slice(0, 2)).toEqual([1, 2]);
    expect(result.cooccurrence.flat().reduce((x, y) => x + y, 0)).toBe(6);
    expect(result.rareClassF1).toBe(0);
    // A alone: class 0 TP 1 FN 1, class 1 TP 1 FN 1 (F1 2/3 each). B alone: class 0 exact,
    // class 1 TP 2 FP 1 (F1 0.8). B is the best single run; the ensemble gains 0.2 / 28.
    expect(result.members.map((m) => m.runId)).toEqual([runA, runB]);
    expect(result.members[0]!.macroF1).toBeCloseTo(4 / 3 / 28, 12);
    expect(result.members[1]!.macroF1).toBeCloseTo(1.8 / 28, 12);
    expect(result.bestSingleRunId).toBe(runB);
    expect(result.gain).toBeCloseTo(0.2 / 28, 12);
    expect(result.classWinners).toEqual([]);
  });
});

describe('ensembleEvaluation against packages/ml on the same arrays', () => {
  const ids = Array.from({ length: 300 }, (_, i) => `sample-${i}`);
  const labels = Uint8Array.from({ length: ids.length * C }, (_, i) =>
    rand() < (i % C < 5 ? 0.04 : 0.15) ? 1 : 0,
  );
  const sets = [randomSet(ids, labels), randomSet(ids, labels), randomSet(ids, labels)];
  let runIds: string[] = [];

  beforeAll(async () => {
    runIds = [];
    for (const set of sets) runIds.push(await runWith(set));
  });

  it('with a global cut equals evaluate() of the averaged probabilities', async () => {
    const response = await api.gql(ENSEMBLE, {
      runIds,
      thresholds: 'GLOBAL',
      globalThreshold: 0.4,
    });
    expect(response.errors).toBeUndefined();
    const result = response.data!.ensembleEvaluation;
    const mean = averageProbabilities(sets.map((set) => set.probabilities));
    const expected = evaluate(labels, mean, new Array(C).fill(0.4));
    expect(result.macroF1).toBe(expected.macroF1);
    expect(result.f1).toEqual(expected.perClass.f1);
    expect(result.precision).toEqual(expected.perClass.precision);
    expect(result.recall).toEqual(expected.perClass.recall);
    expect(result.tp).toEqual(expected.perClass.tp);
    expect(result.tn).toEqual(expected.perClass.tn);
    expect(result.cooccurrence).toEqual(expected.cooccurrence);
    expect(result.rareClassF1).toBe(rareClassF1(expected.perClass.f1));
    sets.forEach((set, i) => {
      const alone = evaluate(labels, set.probabilities, new Array(C).fill(0.4));
      expect(result.members[i]!.macroF1).toBe(alone.macroF1);
    });
  });

  it('with cross-fitted per-class thresholds equals crossFittedPerClassF1 on halves by id hash', async () => {
    const response = await api.gql(ENSEMBLE, { runIds, thresholds: 'PER_CLASS_CROSS_FITTED' });
    expect(response.errors).toBeUndefined();
    const result = response.data!.ensembleEvaluation;
    const mean = averageProbabilities(sets.map((set) => set.probabilities));
    const folds = sampleFolds(ids);
    const expected = crossFittedPerClassF1(labels, mean, C, folds);
    expect(result.thresholds).toBe('PER_CLASS_CROSS_FITTED');
    expect(result.macroF1).toBe(expected.macroF1);
    expect(result.f1).toEqual(expected.perClassF1);
    sets.forEach((set, i) => {
      expect(result.members[i]!.macroF1).toBe(
        crossFittedPerClassF1(labels, set.probabilities, C, folds).macroF1,
      );
    });
    const best = Math.max(...result.members.map((m) => m.macroF1));
    expect(result.gain).toBeCloseTo(result.macroF1 - best, 12);
  });

  it('scores only the samples every run holds, whatever their order in each file', async () => {
    // The first run's file in reverse order plus a sample nobody else has; the second run's
    // file without its first 50 samples.
    const order = ids.map((_, i) => ids.length - 1 - i);
    const pick = (set: Probabilities, rows: number[]): Probabilities => ({
      ids: rows.map((r) => set.ids[r]!),
      labels: Uint8Array.from(
        rows.flatMap((r) => Array.from(set.labels.subarray(r * C, (r + 1) * C))),
      ),
      probabilities: Float32Array.from(
        rows.flatMap((r) => Array.from(set.probabilities.subarray(r * C, (r + 1) * C))),
      ),
    });
    const first = pick(sets[0]!, order);
    first.ids.push('only-here');
    first.labels = Uint8Array.from([...first.labels, ...new Array<number>(C).fill(0)]);
    first.probabilities = Float32Array.from([
      ...first.probabilities,
      ...new Array<number>(C).fill(0.9),
    ]);
    const second = pick(
      sets[1]!,
      ids.slice(50).map((_, i) => i + 50),
    );
    const response = await api.gql(ENSEMBLE, {
      runIds: [await runWith(first), await runWith(second)],
      globalThreshold: 0.5,
    });
    expect(response.errors).toBeUndefined();
    const result = response.data!.ensembleEvaluation;
    expect(result.sampleCount).toBe(250);
    // The shared samples in the first run's order (reversed), sample-50 ... sample-299 reversed.
    const shared = order.filter((r) => r >= 50);
    const a = pick(sets[0]!, shared);
    const b = pick(sets[1]!, shared);
    const expected = evaluate(
      a.labels,
      averageProbabilities([a.probabilities, b.probabilities]),
      new Array(C).fill(0.5),
    );
    expect(result.tp).toEqual(expected.perClass.tp);
    expect(result.fp).toEqual(expected.perClass.fp);
    expect(result.macroF1).toBe(expected.macroF1);
  });
});

describe('bestPerClassComposite', () => {
  // Halves by the id hash: s0 and s1 fall in half 0, s5 and s6 in half 1.
  const ids = ['s0', 's1', 's5', 's6'];
  const labels = labelMatrix(ids, [
    [1, 0, 1, 0],
    [0, 1, 1, 0],
  ]);

  it('takes each class from the run that wins it on the other half (hand-computed)', async () => {
    expect(ids.map(sampleFold)).toEqual([0, 0, 1, 1]);
    // A separates class 0 and not class 1; B the other way round.
    const runA = await runWith({
      ids,
      labels,
      probabilities: matrix(
        ids,
        [
          [0.9, 0.2, 0.8, 0.1],
          [0.6, 0.4, 0.3, 0.7],
        ],
        0.1,
      ),
    });
    const runB = await runWith({
      ids,
      labels,
      probabilities: matrix(
        ids,
        [
          [0.3, 0.7, 0.4, 0.6],
          [0.1, 0.9, 0.8, 0.2],
        ],
        0.1,
      ),
    });
    const response = await api.gql(COMPOSITE, { runIds: [runA, runB] });
    expect(response.errors).toBeUndefined();
    const result = response.data!.bestPerClassComposite;
    expect(result.classWinners[0]).toEqual({ classId: 0, runId: runA, halfRunIds: [runA, runA] });
    expect(result.classWinners[1]).toEqual({ classId: 1, runId: runB, halfRunIds: [runB, runB] });
    // Classes without support: every run ties at F1 0 and the first one is taken.
    expect(result.classWinners[9]!.runId).toBe(runA);
    expect(result.f1.slice(0, 2)).toEqual([1, 1]);
    expect(result.macroF1).toBeCloseTo(2 / 28, 12);
    // A alone: class 0 exact, class 1 all wrong (F1 0). B alone: class 0 all wrong, class 1
    // exact. They tie at 1/28 (the first is the best single run); the composite gains 1/28.
    expect(result.members[0]!.macroF1).toBeCloseTo(1 / 28, 12);
    expect(result.members[1]!.macroF1).toBeCloseTo(1 / 28, 12);
    expect(result.bestSingleRunId).toBe(runA);
    expect(result.gain).toBeCloseTo(1 / 28, 12);
  });

  it('equals packages/ml’s composite on random runs, with cross-fitted thresholds', async () => {
    const many = Array.from({ length: 200 }, (_, i) => `c-${i}`);
    const truth = Uint8Array.from({ length: many.length * C }, () => (rand() < 0.12 ? 1 : 0));
    const sets = [randomSet(many, truth), randomSet(many, truth), randomSet(many, truth)];
    const runIds: string[] = [];
    for (const set of sets) runIds.push(await runWith(set));
    const response = await api.gql(COMPOSITE, { runIds, thresholds: 'PER_CLASS_CROSS_FITTED' });
    expect(response.errors).toBeUndefined();
    const result = response.data!.bestPerClassComposite;
    const expected = mlComposite(
      truth,
      sets.map((set) => set.probabilities),
      C,
      sampleFolds(many),
      { kind: 'per-class-cross-fitted' },
    );
    expect(result.macroF1).toBe(expected.report.macroF1);
    expect(result.tp).toEqual(expected.report.perClass.tp);
    expect(result.cooccurrence).toEqual(expected.report.cooccurrence);
    expect(result.classWinners.map((w) => w.runId)).toEqual(expected.winners.map((m) => runIds[m]));
  });
});

describe('bad input', () => {
  const ids = ['x0', 'x1', 'x2'];
  const labels = labelMatrix(ids, [[1, 0, 1]]);
  const set = () => ({ ids, labels, probabilities: matrix(ids, [[0.8, 0.1, 0.7]], 0.2) });

  /** The HTTP status a client of `application/graphql-response+json` gets (GraphQL over HTTP). */
  async function httpStatus(runIds: unknown[]): Promise<number> {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        authorization: `Bearer ${api.adminKey}`,
      },
      body: JSON.stringify({
        query: 'query ($runIds: [ID!]!) { ensembleEvaluation(runIds: $runIds) { macroF1 } }',
        variables: { runIds },
      }),
    });
    await response.body?.cancel();
    return response.status;
  }

  async function refused(runIds: unknown[], code: string, ...fragments: string[]) {
    const response = await api.gql(
      'query ($runIds: [ID!]!) { ensembleEvaluation(runIds: $runIds) { macroF1 } }',
      { runIds },
    );
    expect(errorCode(response)).toBe(code);
    for (const fragment of fragments) expect(response.errors![0]!.message).toContain(fragment);
    return response.errors![0]!;
  }

  it('refuses one run, the same run twice, and 21 runs', async () => {
    const one = await runWith(set());
    await refused([one], 'BAD_USER_INPUT', 'runIds', 'at least 2 distinct runs');
    await refused([one, one], 'BAD_USER_INPUT', 'at least 2 distinct runs');
    const many = Array.from({ length: 21 }, () => randomUUID());
    await refused(many, 'BAD_USER_INPUT', 'at most 20 runs');
    expect(await httpStatus([one])).toBe(400);
  });

  it('refuses a malformed id and a bad global threshold, naming the field', async () => {
    await refused(['not-a-run', randomUUID()], 'BAD_USER_INPUT', 'runIds.0');
    const response = await api.gql(ENSEMBLE, {
      runIds: [randomUUID(), randomUUID()],
      globalThreshold: 1,
    });
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.errors![0]!.message).toContain('globalThreshold');
  });

  it('refuses runs that do not exist, naming them', async () => {
    const existing = await runWith(set());
    const missing = randomUUID();
    const error = await refused([existing, missing], 'NOT_FOUND', missing);
    expect(error.message).not.toContain(existing);
    expect(await httpStatus([existing, missing])).toBe(404);
  });

  it('refuses runs on other data or another split seed, naming the runs that differ', async () => {
    const base = await runWith(set());
    const otherData = await runWith(set(), { fingerprint: 'f'.repeat(64) });
    const otherSeed = await runWith(set(), { splitSeed: 2 });
    const unknown = await runWith(set(), { fingerprint: null });
    const data = await refused(
      [base, otherData],
      'RUNS_NOT_COMPARABLE',
      // Each group of runs, by name and id, with its data.
      `"ensemble member" (${base}) on dataset ${FINGERPRINT}, split seed 1`,
      `"ensemble member" (${otherData}) on dataset ${'f'.repeat(64)}`,
    );
    expect(data.extensions!.runIds).toEqual([otherData]);
    const seed = await refused([base, otherSeed], 'RUNS_NOT_COMPARABLE', 'split seed 2');
    expect(seed.extensions!.runIds).toEqual([otherSeed]);
    const unknownData = await refused([base, unknown], 'RUNS_NOT_COMPARABLE', '(unknown)');
    expect(unknownData.extensions!.runIds).toEqual([unknown]);
    expect(await httpStatus([base, otherData])).toBe(422);
  });

  it('refuses runs without stored validation probabilities, naming them', async () => {
    const stored = await runWith(set());
    const bare = await createRun();
    const error = await refused(
      [stored, bare],
      'PROBABILITIES_MISSING',
      bare,
      VALIDATION_PROBABILITIES_ARTIFACT,
    );
    expect(error.extensions!.runIds).toEqual([bare]);
    expect(await httpStatus([stored, bare])).toBe(422);
  });

  it('refuses a stored file that is not a probabilities file, saying why', async () => {
    const stored = await runWith(set());
    const broken = await createRun();
    await store(broken, Buffer.from('id,p\nx0,0.5\n'));
    await refused([stored, broken], 'PROBABILITIES_MISSING', broken, 'shorter than the header');
  });

  it('refuses runs whose samples are disjoint or whose labels disagree', async () => {
    const stored = await runWith(set());
    const elsewhere = await runWith({ ...set(), ids: ['y0', 'y1', 'y2'] });
    await refused([stored, elsewhere], 'RUNS_NOT_COMPARABLE', 'share no validation sample');
    const relabelled = await runWith({ ...set(), labels: labelMatrix(ids, [[1, 1, 1]]) });
    await refused(
      [stored, relabelled],
      'RUNS_NOT_COMPARABLE',
      'disagree on the labels of sample x1',
    );
  });
});
