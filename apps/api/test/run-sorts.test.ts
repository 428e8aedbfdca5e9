// The run list's orderings (name, macro F1 and rare-class F1 both ways, duration, created),
// each paged to the end with small pages: every run exactly once, in order, nulls last. Plus the
// model filter, and the denormalised rareClassF1 and durationMs a run carries.
import { RARE_CLASS_IDS } from '@hpa-lab/ml/rare-classes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_STATUS_ORDER } from '../src/services/run-list.ts';
import { type GraphQLResponse, startTestApi, trainConfig, type TestApi } from './test-api.ts';
import type { RunFilter, RunSort, SortsRunsQuery } from './generated/graphql.ts';
import { graphql } from './generated/index.ts';

let api: TestApi;

interface Seeded {
  id: string;
  name: string;
  model: string;
  macroF1: number | null;
  rareF1: number | null;
  durationMs: number | null;
  /** Position of the run's status in the enum's order (queued 0 ... cancelled 4). */
  statusRank: number;
  createdAt: number;
}
const seeded: Seeded[] = [];

/**
 * Per-class F1s with the rare classes at `rareF1` and the others at what makes the mean
 * `macroF1` (the API refuses a macro F1 its per-class F1s contradict).
 */
function perClass(macroF1: number, rareF1: number) {
  const rare = RARE_CLASS_IDS.length;
  const common = (28 * macroF1 - rare * rareF1) / (28 - rare);
  expect(common).toBeGreaterThanOrEqual(0);
  expect(common).toBeLessThanOrEqual(1);
  const f1 = Array.from({ length: 28 }, (_, id) => (RARE_CLASS_IDS.includes(id) ? rareF1 : common));
  const ints = Array.from({ length: 28 }, () => 10);
  return {
    f1,
    precision: f1,
    recall: f1,
    support: ints,
    threshold: f1.map(() => 0.5),
    tp: ints,
    fp: ints,
    fn: ints,
    tn: ints,
  };
}

const MODELS = ['small-cnn', 'resnet', 'mobilenet-v2'];

beforeAll(async () => {
  api = await startTestApi();
  // 11 runs: names out of creation order, some without evaluation (null scores) or unfinished
  // (null duration), and two runs tied on every score to exercise the id tie-break.
  const scores = [0.5, null, 0.3, 0.7, 0.5, null, 0.9, 0.1, 0.6, 0.4, 0.8];
  for (const [i, macroF1] of scores.entries()) {
    const model = MODELS[i % 3]!;
    const name = `run ${String.fromCharCode(107 - i)}`; // k, j, i, ... a: reverse of creation
    const created = await api.gql(
      graphql(`
        mutation sortsCreateRun($input: CreateRunInput!) {
          createRun(input: $input) {
            id
          }
        }
      `),
      {
        input: {
          projectId: api.projectId,
          name,
          config: trainConfig({ model: { name: model } }),
        },
      },
    );
    expect(created.errors).toBeUndefined();
    const id = created.data!.createRun.id;
    // The rare-class F1 falls as the macro F1 rises, so the two sorts differ.
    const rareF1 = macroF1 === null ? null : Math.round((0.55 - macroF1 / 10) * 100) / 100;
    if (macroF1 !== null) {
      const started = await api.gql(
        graphql(`
          mutation sortsStartRun($id: ID!) {
            startRun(id: $id) {
              id
            }
          }
        `),
        { id },
      );
      expect(started.errors).toBeUndefined();
      const logged = await api.gql(
        graphql(`
          mutation sortsLogEvaluation($input: LogEvaluationInput!) {
            logEvaluation(input: $input) {
              id
            }
          }
        `),
        {
          input: {
            runId: id,
            step: 1,
            split: 'val',
            macroF1,
            perClass: perClass(macroF1, rareF1!),
            cooccurrence: Array.from({ length: 28 }, () => Array.from({ length: 28 }, () => 0)),
          },
        },
      );
      expect(logged.errors).toBeUndefined();
    }
    let durationMs: number | null = null;
    if (i % 4 !== 3 && macroF1 !== null) {
      const finished = await api.gql(
        graphql(`
          mutation sortsFinishRun($id: ID!) {
            finishRun(id: $id, status: SUCCEEDED) {
              id
            }
          }
        `),
        { id },
      );
      expect(finished.errors).toBeUndefined();
      // Durations 1-11 minutes (ties on i = 0 and 4 are kept apart by the id).
      durationMs = ((i * 7) % 11) * 60_000 + 60_000;
      const run = await api.database.prisma.run.findUniqueOrThrow({ where: { id } });
      await api.database.prisma.run.update({
        where: { id },
        data: { startedAt: new Date(run.finishedAt!.getTime() - durationMs) },
      });
    }
    const row = await api.database.prisma.run.findUniqueOrThrow({ where: { id } });
    seeded.push({
      id,
      name,
      model,
      macroF1,
      rareF1,
      durationMs,
      statusRank: RUN_STATUS_ORDER.indexOf(row.status),
      createdAt: row.createdAt.getTime(),
    });
  }
});
afterAll(() => api?.close());

async function allPages(sort: RunSort, filter: RunFilter = {}): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 20; page += 1) {
    const response: GraphQLResponse<SortsRunsQuery> = await api.gql(
      graphql(`
        query sortsRuns($sort: RunSort, $after: String, $filter: RunFilter) {
          runs(sort: $sort, first: 3, after: $after, filter: $filter) {
            nodes {
              id
            }
            pageInfo {
              hasNextPage
              endCursor
            }
          }
        }
      `),
      { sort, after, filter },
    );
    expect(response.errors).toBeUndefined();
    ids.push(...response.data!.runs.nodes.map((node) => node.id));
    if (!response.data!.runs.pageInfo.hasNextPage) return ids;
    after = response.data!.runs.pageInfo.endCursor;
  }
  throw new Error('more than 20 pages');
}

/** Expected order: by key in the direction, nulls last, ties by id in the same direction. */
function expected(
  key: (run: Seeded) => number | string | null,
  direction: 'asc' | 'desc',
  runs: readonly Seeded[] = seeded,
): string[] {
  const sign = direction === 'asc' ? 1 : -1;
  const compare = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  return [...runs]
    .sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      if (ka === null || kb === null) {
        if (ka === null && kb === null) return sign * compare(a.id, b.id);
        return ka === null ? 1 : -1;
      }
      return sign * compare(ka, kb) || sign * compare(a.id, b.id);
    })
    .map((run) => run.id);
}

describe('run list orderings', () => {
  it.each([
    ['NAME_ASC', (run: Seeded) => run.name, 'asc'],
    ['NAME_DESC', (run: Seeded) => run.name, 'desc'],
    ['BEST_MACRO_F1_DESC', (run: Seeded) => run.macroF1, 'desc'],
    ['BEST_MACRO_F1_ASC', (run: Seeded) => run.macroF1, 'asc'],
    ['RARE_CLASS_F1_DESC', (run: Seeded) => run.rareF1, 'desc'],
    ['RARE_CLASS_F1_ASC', (run: Seeded) => run.rareF1, 'asc'],
    ['DURATION_DESC', (run: Seeded) => run.durationMs, 'desc'],
    ['DURATION_ASC', (run: Seeded) => run.durationMs, 'asc'],
    ['CREATED_ASC', (run: Seeded) => run.createdAt, 'asc'],
    // Several runs share each status, so pages of 3 cut through ties that only the id orders.
    ['STATUS_ASC', (run: Seeded) => run.statusRank, 'asc'],
    ['STATUS_DESC', (run: Seeded) => run.statusRank, 'desc'],
  ] as const)('%s pages through every run once, in order', async (sort, key, direction) => {
    expect(await allPages(sort)).toEqual(expected(key, direction));
  });

  it('sorts status as PostgreSQL orders the enum (the order the API pages by)', async () => {
    const rows = await api.database.prisma.$queryRaw<{ label: string }[]>`
      SELECT e.enumlabel AS label FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
      WHERE t.typname = 'RunStatus' ORDER BY e.enumsortorder`;
    expect(rows.map((row) => row.label)).toEqual(RUN_STATUS_ORDER);
    // The seeded runs cover several statuses, with ties, so the paging tests above mean something.
    const counts = new Map<number, number>();
    for (const run of seeded) counts.set(run.statusRank, (counts.get(run.statusRank) ?? 0) + 1);
    expect(counts.size).toBeGreaterThanOrEqual(3);
    expect([...counts.values()].filter((count) => count > 3).length).toBeGreaterThan(0);
  });

  it('refuses a cursor of another ordering', async () => {
    const first = await api.gql(
      graphql(`
        query sortsRuns2 {
          runs(sort: NAME_ASC, first: 1) {
            pageInfo {
              endCursor
            }
          }
        }
      `),
    );
    const response = await api.gql(
      graphql(`
        query sortsRuns3($after: String) {
          runs(sort: BEST_MACRO_F1_DESC, first: 1, after: $after) {
            totalCount
          }
        }
      `),
      { after: first.data!.runs.pageInfo.endCursor },
    );
    expect(response.errors?.[0]?.message).toBe('after does not match the requested sort');
    expect(response.errors?.[0]?.extensions?.field).toBe('after');
  });
});

describe('run list filter and stored scores', () => {
  it('filters by model architecture (config model.name)', async () => {
    const ids = await allPages('NAME_ASC', { model: 'resnet' });
    expect(ids).toEqual(
      expected(
        (run) => run.name,
        'asc',
        seeded.filter((run) => run.model === 'resnet'),
      ),
    );
    expect(await allPages('NAME_ASC', { model: 'no-such-model' })).toEqual([]);
  });

  it('returns rareClassF1 and durationMs with each run', async () => {
    const response = await api.gql(
      graphql(`
        query sortsRuns4 {
          runs(first: 50) {
            nodes {
              id
              rareClassF1
              durationMs
            }
          }
        }
      `),
    );
    const byId = new Map(response.data!.runs.nodes.map((node) => [node.id, node]));
    for (const run of seeded) {
      const node = byId.get(run.id)!;
      if (run.rareF1 === null) expect(node.rareClassF1).toBeNull();
      else expect(node.rareClassF1).toBeCloseTo(run.rareF1, 10);
      expect(node.durationMs).toBe(run.durationMs);
    }
  });

  it('keeps rareClassF1 with the evaluation that holds bestMacroF1', async () => {
    // A running run (i = 3): 0.7 macro F1, 0.48 rare-class F1.
    const run = seeded.find((candidate) => candidate.macroF1 === 0.7)!;
    expect(run.durationMs).toBeNull();
    const log = async (step: number, macroF1: number, rareF1: number) => {
      const response = await api.gql(
        graphql(`
          mutation sortsLogEvaluation2($input: LogEvaluationInput!) {
            logEvaluation(input: $input) {
              id
            }
          }
        `),
        {
          input: {
            runId: run.id,
            step,
            split: 'val',
            macroF1,
            perClass: perClass(macroF1, rareF1),
            cooccurrence: Array.from({ length: 28 }, () => Array.from({ length: 28 }, () => 0)),
          },
        },
      );
      expect(response.errors).toBeUndefined();
      return api.database.prisma.run.findUniqueOrThrow({ where: { id: run.id } });
    };
    // A worse evaluation with a better rare-class F1 changes neither number.
    let stored = await log(2, 0.2, 0.99);
    expect(stored.bestMacroF1).toBe(0.7);
    expect(stored.rareClassF1).toBeCloseTo(0.48, 10);
    // A better one moves both.
    stored = await log(3, 0.85, 0.4);
    expect(stored.bestMacroF1).toBe(0.85);
    expect(stored.rareClassF1).toBeCloseTo(0.4, 10);
  });
});
