// Runs through HTTP: create (config validated by the trainer's schema), start, heartbeat,
// finish, read by id, list with filters, sorting and cursor pagination.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  errorCode,
  startTestApi,
  trainConfig,
  type GraphQLResponse,
  type TestApi,
} from './test-api.ts';
import type { CreateRunInput, RunSort, RunsRunsQuery } from './generated/graphql.ts';
import { graphql } from './generated/index.ts';

const CREATE = graphql(`
  mutation runsCreateRun($input: CreateRunInput!) {
    createRun(input: $input) {
      id
      name
      status
      approach
      tags
      datasetFingerprint
      splitSeed
      config
      owner {
        id
      }
    }
  }
`);
graphql(`
  fragment RunLifecycleFields on Run {
    id
    status
    startedAt
    finishedAt
    heartbeatAt
    errorMessage
    backend
    device
  }
`);

let api: TestApi;
let member: { id: string; key: string };

async function createRun(input: Partial<CreateRunInput> = {}, key = member.key) {
  const response = await api.gql(
    CREATE,
    { input: { projectId: api.projectId, name: 'run', config: trainConfig(), ...input } },
    key,
  );
  expect(response.errors).toBeUndefined();
  return response.data!.createRun.id;
}

beforeAll(async () => {
  api = await startTestApi();
  member = await api.member('MEMBER');
});
afterAll(() => api?.close());

describe('createRun', () => {
  it('stores the parsed config with defaults and the dataset identity', async () => {
    const response = await api.gql(
      CREATE,
      {
        input: {
          projectId: api.projectId,
          name: 'focal 256',
          approach: 'focal loss',
          tags: ['focal', 'baseline'],
          config: trainConfig(),
          gitCommit: 'abc123',
        },
      },
      member.key,
    );
    expect(response.errors).toBeUndefined();
    const run = response.data!.createRun;
    expect(run).toMatchObject({
      status: 'QUEUED',
      approach: 'focal loss',
      tags: ['focal', 'baseline'],
      datasetFingerprint: 'fp-test',
      splitSeed: 7,
      owner: { id: member.id },
    });
    expect(run.config).toMatchObject({ epochs: 10, batchSize: 16, loss: { name: 'bce' } });
  });

  it('rejects an invalid config naming the field, and stores nothing', async () => {
    const before = await api.database.prisma.run.count();
    const response = await api.gql(
      CREATE,
      {
        input: {
          projectId: api.projectId,
          name: 'bad',
          config: trainConfig({ inputSize: 100 }),
        },
      },
      member.key,
    );
    expect(errorCode(response)).toBe('CONFIG_INVALID');
    expect(response.errors![0]!.message).toContain('input.config.inputSize');
    expect(await api.database.prisma.run.count()).toBe(before);
  });

  it('rejects an unknown project and a malformed project id', async () => {
    const unknown = await api.gql(
      CREATE,
      {
        input: {
          projectId: '00000000-0000-4000-8000-000000000000',
          name: 'x',
          config: trainConfig(),
        },
      },
      member.key,
    );
    expect(errorCode(unknown)).toBe('NOT_FOUND');
    const malformed = await api.gql(
      CREATE,
      { input: { projectId: 'not-a-uuid', name: 'x', config: trainConfig() } },
      member.key,
    );
    expect(errorCode(malformed)).toBe('BAD_USER_INPUT');
    expect(malformed.errors![0]!.message).toContain('input.projectId');
  });
});

describe('reading', () => {
  it('finds a project by slug and a run with its relations', async () => {
    const project = await api.gql(
      graphql(`
        query runsProject {
          project(slug: "hpa") {
            id
            name
          }
          missing: project(slug: "nope") {
            id
          }
        }
      `),
      {},
      member.key,
    );
    expect(project.data!.project!.id).toBe(api.projectId);
    expect(project.data!.missing).toBeNull();
    const id = await createRun({ name: 'related' });
    const run = await api.gql(
      graphql(`
        query runsRun($id: ID!) {
          run(id: $id) {
            project {
              slug
            }
            owner {
              email
            }
            metricKeys
            artifacts {
              totalCount
              nodes {
                id
              }
            }
            evaluations {
              totalCount
              nodes {
                id
              }
            }
            bestEvaluation {
              id
            }
          }
        }
      `),
      { id },
      member.key,
    );
    expect(run.data!.run).toEqual({
      project: { slug: 'hpa' },
      owner: { email: expect.stringMatching(/^member/) },
      metricKeys: [],
      artifacts: { totalCount: 0, nodes: [] },
      evaluations: { totalCount: 0, nodes: [] },
      bestEvaluation: null,
    });
  });
});

describe('lifecycle', () => {
  it('starts, beats and finishes a run', async () => {
    const id = await createRun();
    const started = await api.gql(
      graphql(`
        mutation runsStartRunOnWasm($id: ID!) {
          startRun(id: $id, backend: "wasm", device: "cpu x2") {
            ...RunLifecycleFields
          }
        }
      `),
      { id },
      member.key,
    );
    expect(started.errors).toBeUndefined();
    expect(started.data!.startRun).toMatchObject({
      status: 'RUNNING',
      backend: 'wasm',
      device: 'cpu x2',
    });
    expect(started.data!.startRun.heartbeatAt).toBeTruthy();

    const beat = await api.gql(
      graphql(`
        mutation runsHeartbeat($id: ID!) {
          heartbeat(id: $id) {
            status
            heartbeatAt
          }
        }
      `),
      { id },
      member.key,
    );
    expect(beat.data!.heartbeat.status).toBe('RUNNING');
    expect(Date.parse(beat.data!.heartbeat.heartbeatAt!)).toBeGreaterThanOrEqual(
      Date.parse(started.data!.startRun.heartbeatAt!),
    );

    const again = await api.gql(
      graphql(`
        mutation runsStartRun($id: ID!) {
          startRun(id: $id) {
            id
          }
        }
      `),
      { id },
      member.key,
    );
    expect(errorCode(again)).toBe('INVALID_STATE');

    const failedWithoutReason = await api.gql(
      graphql(`
        mutation runsFinishRun($id: ID!) {
          finishRun(id: $id, status: FAILED) {
            id
          }
        }
      `),
      { id },
      member.key,
    );
    expect(errorCode(failedWithoutReason)).toBe('BAD_USER_INPUT');

    const finished = await api.gql(
      graphql(`
        mutation runsFinishRunFailed($id: ID!) {
          finishRun(id: $id, status: FAILED, errorMessage: "OOM") {
            ...RunLifecycleFields
          }
        }
      `),
      { id },
      member.key,
    );
    expect(finished.data!.finishRun).toMatchObject({ status: 'FAILED', errorMessage: 'OOM' });
    expect(finished.data!.finishRun.finishedAt).toBeTruthy();

    const twice = await api.gql(
      graphql(`
        mutation runsFinishRun2($id: ID!) {
          finishRun(id: $id, status: SUCCEEDED) {
            id
          }
        }
      `),
      { id },
      member.key,
    );
    expect(errorCode(twice)).toBe('INVALID_STATE');
    // The refusal names the run's state as the schema spells it, so a client can compare it.
    expect(twice.errors![0]!.extensions!.status).toBe('FAILED');
  });

  it('returns null for an unknown run and NOT_FOUND when writing to one', async () => {
    const missing = '00000000-0000-4000-8000-000000000001';
    const read = await api.gql(
      graphql(`
        query runsRun2($id: ID!) {
          run(id: $id) {
            id
          }
        }
      `),
      {
        id: missing,
      },
    );
    expect(read.errors).toBeUndefined();
    expect(read.data!.run).toBeNull();
    const write = await api.gql(
      graphql(`
        mutation runsStartRun2($id: ID!) {
          startRun(id: $id) {
            id
          }
        }
      `),
      {
        id: missing,
      },
    );
    expect(errorCode(write)).toBe('NOT_FOUND');
  });
});

describe('runs list', () => {
  const LIST = graphql(`
    query runsRuns($filter: RunFilter, $sort: RunSort, $first: Int, $after: String) {
      runs(filter: $filter, sort: $sort, first: $first, after: $after) {
        totalCount
        edges {
          cursor
          node {
            id
            name
          }
        }
        nodes {
          id
          name
          bestMacroF1
          owner {
            id
          }
        }
        pageInfo {
          hasNextPage
          hasPreviousPage
          startCursor
          endCursor
        }
      }
    }
  `);
  let projectId: string;
  const scores = [0.3, null, 0.5, 0.5, 0.1, null, 0.4];

  beforeAll(async () => {
    const project = await api.gql(
      graphql(`
        mutation runsCreateProject {
          createProject(slug: "listing", name: "Listing") {
            id
          }
        }
      `),
    );
    projectId = project.data!.createProject.id;
    for (const [index, score] of scores.entries()) {
      const id = await createRun({
        projectId,
        name: `list-${index}`,
        approach: index % 2 === 0 ? 'focal' : 'bce',
        tags: index < 3 ? ['early'] : ['late'],
      });
      if (score !== null) {
        await api.database.prisma.run.update({ where: { id }, data: { bestMacroF1: score } });
      }
    }
  });

  async function allPages(sort: RunSort, first: number) {
    const names: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: GraphQLResponse<RunsRunsQuery> = await api.gql(LIST, {
        filter: { projectId },
        sort,
        first,
        after,
      });
      expect(page.errors).toBeUndefined();
      expect(page.data!.runs.totalCount).toBe(scores.length);
      const { edges, nodes, pageInfo } = page.data!.runs;
      // edges and nodes list the same runs; the cursors bound the page.
      expect(edges.map((edge) => edge.node)).toEqual(nodes.map(({ id, name }) => ({ id, name })));
      expect(pageInfo.startCursor).toBe(edges[0]?.cursor ?? null);
      expect(pageInfo.endCursor).toBe(edges.at(-1)?.cursor ?? null);
      expect(pageInfo.hasPreviousPage).toBe(after !== null);
      names.push(...nodes.map((node) => node.name));
      if (!pageInfo.hasNextPage) return names;
      after = pageInfo.endCursor;
    }
  }

  it('pages newest first without gaps or repeats', async () => {
    const names = await allPages('CREATED_DESC', 2);
    expect(names).toEqual(scores.map((_, i) => `list-${i}`).reverse());
    expect(await allPages('CREATED_ASC', 3)).toEqual(scores.map((_, i) => `list-${i}`));
  });

  it('sorts by best macro F1 with unscored runs last, across pages', async () => {
    const names = await allPages('BEST_MACRO_F1_DESC', 2);
    expect(names.slice(0, 5)).toEqual(expect.arrayContaining(['list-2', 'list-3']));
    const order = names.map((name) => scores[Number(name.split('-')[1])]);
    expect(order).toEqual([0.5, 0.5, 0.4, 0.3, 0.1, null, null]);
    expect(new Set(names).size).toBe(scores.length);
  });

  it('filters by status, approach, tag, member and text', async () => {
    const byApproach = await api.gql(LIST, { filter: { projectId, approach: 'bce' } });
    expect(byApproach.data!.runs.nodes.map((n) => n.name).sort()).toEqual([
      'list-1',
      'list-3',
      'list-5',
    ]);
    const byTag = await api.gql(LIST, {
      filter: { projectId, tag: 'early', text: 'LIST-2' },
    });
    expect(byTag.data!.runs.nodes.map((n) => n.name)).toEqual(['list-2']);
    const byStatus = await api.gql(LIST, { filter: { projectId, status: ['RUNNING'] } });
    expect(byStatus.data!.runs.totalCount).toBe(0);
    const byMember = await api.gql(LIST, { filter: { projectId, memberId: api.adminId } });
    expect(byMember.data!.runs.totalCount).toBe(0);
  });

  it('rejects a forged cursor and an oversized page', async () => {
    const forged = await api.gql(LIST, { filter: { projectId }, after: 'bm9wZQ' });
    expect(errorCode(forged)).toBe('BAD_USER_INPUT');
    const tooBig = await api.gql(LIST, { filter: { projectId }, first: 1000 });
    expect(errorCode(tooBig)).toBe('BAD_USER_INPUT');
  });
});
