// The model registry through HTTP: versions from a run's model artifact, atomic alias moves with
// history, concurrent promotions, and downloading the champion by alias.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest, sha256, upload } from './artifact-http.ts';
import {
  errorCode,
  evaluationInput,
  startTestApi,
  trainConfig,
  type GraphQLResponse,
  type TestApi,
} from './test-api.ts';
import type { RegistryPagesQuery } from './generated/graphql.ts';
import { graphql } from './generated/index.ts';

const PROMOTE = graphql(`
  mutation registryPromoteModel($runId: ID!, $name: String!, $alias: String!) {
    promoteModel(runId: $runId, name: $name, alias: $alias) {
      id
      version
      aliases
      metricsSnapshot
      model {
        name
      }
      run {
        id
      }
      artifact {
        name
      }
    }
  }
`);
const MODELS = graphql(`
  query registryModels($projectId: ID) {
    models(projectId: $projectId) {
      name
      versions(first: 10) {
        totalCount
        nodes {
          version
          aliases
          run {
            id
          }
        }
      }
      aliases {
        alias
        downloadUrl
        version {
          version
        }
      }
      promotions(first: 10) {
        totalCount
        nodes {
          alias
          version
          previousVersion
          promotedBy {
            id
          }
          createdAt
        }
      }
    }
  }
`);

let api: TestApi;
let member: { id: string; key: string };
const modelFiles = new Map<string, Buffer>();

async function succeededRunWithModel(
  name: string,
  macroF1: number | null,
  withModel = true,
  key = member.key,
) {
  const created = await api.gql(
    graphql(`
      mutation registryCreateRun($input: CreateRunInput!) {
        createRun(input: $input) {
          id
        }
      }
    `),
    { input: { projectId: api.projectId, name, config: trainConfig() } },
    key,
  );
  const runId = created.data!.createRun.id;
  await api.gql(
    graphql(`
      mutation registryStartRun($id: ID!) {
        startRun(id: $id) {
          id
        }
      }
    `),
    { id: runId },
    key,
  );
  if (macroF1 !== null) {
    const evaluation = await api.gql(
      graphql(`
        mutation registryLogEvaluation($input: LogEvaluationInput!) {
          logEvaluation(input: $input) {
            id
          }
        }
      `),
      { input: evaluationInput(runId, macroF1) },
      key,
    );
    expect(evaluation.errors).toBeUndefined();
  }
  if (withModel) {
    const content = randomBytes(2048);
    modelFiles.set(runId, content);
    expect((await upload(api.url, key, runId, 'model.bin', content)).status).toBe(201);
  }
  await api.gql(
    graphql(`
      mutation registryFinishRun($id: ID!) {
        finishRun(id: $id, status: SUCCEEDED) {
          id
        }
      }
    `),
    { id: runId },
    key,
  );
  return runId;
}

beforeAll(async () => {
  api = await startTestApi();
  member = await api.member('MEMBER');
});
afterAll(() => api?.close());

describe('promoteModel', () => {
  let first: string;
  let second: string;

  it('creates version 1 from the run’s model artifact with a metrics snapshot', async () => {
    first = await succeededRunWithModel('first', 0.41);
    const response = await api.gql(
      PROMOTE,
      { runId: first, name: 'hpa-classifier', alias: 'champion' },
      member.key,
    );
    expect(response.errors).toBeUndefined();
    const version = response.data!.promoteModel;
    expect(version).toMatchObject({
      version: 1,
      model: { name: 'hpa-classifier' },
      aliases: ['champion'],
      artifact: { name: 'model.bin' },
    });
    // metricsSnapshot is JSON: its shape is the registry's, not the schema's.
    const snapshot = version.metricsSnapshot as { macroF1: number; threshold: number[] };
    expect(snapshot.macroF1).toBe(0.41);
    expect(snapshot.threshold).toHaveLength(28);
  });

  it('moves the alias to a new version and records who moved it from where', async () => {
    second = await succeededRunWithModel('second', 0.52);
    const response = await api.gql(
      PROMOTE,
      { runId: second, name: 'hpa-classifier', alias: 'champion' },
      member.key,
    );
    expect(response.data!.promoteModel.version).toBe(2);
    const models = await api.gql(MODELS, { projectId: api.projectId });
    const [model] = models.data!.models;
    expect(model!.aliases).toEqual([
      expect.objectContaining({ alias: 'champion', version: { version: 2 } }),
    ]);
    expect(model!.versions.nodes.map((v) => [v.version, v.aliases])).toEqual([
      [2, ['champion']],
      [1, []],
    ]);
    expect(model!.promotions.nodes[0]).toMatchObject({
      alias: 'champion',
      version: 2,
      previousVersion: 1,
      promotedBy: { id: member.id },
    });
    expect(model!.promotions.nodes[1]).toMatchObject({ version: 1, previousVersion: null });
  });

  it('reuses the existing version when an already registered run is promoted again', async () => {
    const response = await api.gql(
      PROMOTE,
      { runId: first, name: 'hpa-classifier', alias: 'champion' },
      member.key,
    );
    expect(response.data!.promoteModel.version).toBe(1);
    const models = await api.gql(MODELS, { projectId: api.projectId });
    expect(models.data!.models[0]!.versions.nodes).toHaveLength(2);
    expect(models.data!.models[0]!.promotions.nodes).toHaveLength(3);
    expect(models.data!.models[0]!.promotions.totalCount).toBe(3);
  });

  it('serves the aliased version’s model file', async () => {
    const models = await api.gql(MODELS, { projectId: api.projectId });
    const alias = models.data!.models[0]!.aliases[0]!;
    const download = await httpRequest(`${api.url}${alias.downloadUrl}`, {
      method: 'GET',
      headers: { authorization: `Bearer ${member.key}` },
    });
    expect(download.status).toBe(200);
    expect(sha256(download.body)).toBe(sha256(modelFiles.get(first)!));
    const missing = await httpRequest(`${api.url}/models/hpa/hpa-classifier/aliases/staging`, {
      method: 'GET',
      headers: { authorization: `Bearer ${member.key}` },
    });
    expect(missing.status).toBe(404);
  });

  it('numbers concurrent promotions without gaps or collisions and records each', async () => {
    const runs = await Promise.all(
      [0, 1, 2, 3, 4].map((i) => succeededRunWithModel(`race-${i}`, 0.3 + i / 100)),
    );
    const responses = await Promise.all(
      runs.map((runId) => api.gql(PROMOTE, { runId, name: 'race', alias: 'champion' }, member.key)),
    );
    expect(responses.every((r) => r.errors === undefined)).toBe(true);
    expect(responses.map((r) => r.data!.promoteModel.version).sort()).toEqual([1, 2, 3, 4, 5]);
    const models = await api.gql(MODELS, { projectId: api.projectId });
    const race = models.data!.models.find((m) => m.name === 'race')!;
    expect(race.aliases).toHaveLength(1);
    expect(race.promotions.nodes).toHaveLength(5);
    // Every promotion but the first saw the one before it: the history forms one chain.
    const previous = race.promotions.nodes.map((p) => p.previousVersion).filter((v) => v !== null);
    expect(new Set(previous).size).toBe(4);
  });

  it('pages versions and promotions newest first, two at a time', async () => {
    const PAGES = graphql(`
      query registryPages($projectId: ID, $versionsAfter: String, $promotionsAfter: String) {
        models(projectId: $projectId) {
          name
          versions(first: 2, after: $versionsAfter) {
            totalCount
            nodes {
              version
            }
            pageInfo {
              hasNextPage
              endCursor
            }
          }
          promotions(first: 2, after: $promotionsAfter) {
            totalCount
            nodes {
              version
            }
            pageInfo {
              hasNextPage
              endCursor
            }
          }
        }
      }
    `);
    const readAll = async (list: 'versions' | 'promotions') => {
      const seen: number[] = [];
      let after: string | null = null;
      for (let pages = 1; ; pages += 1) {
        const response: GraphQLResponse<RegistryPagesQuery> = await api.gql(PAGES, {
          projectId: api.projectId,
          versionsAfter: list === 'versions' ? after : null,
          promotionsAfter: list === 'promotions' ? after : null,
        });
        expect(response.errors).toBeUndefined();
        const page = response.data!.models.find((m) => m.name === 'race')![list];
        expect(page.totalCount).toBe(5);
        seen.push(...page.nodes.map((node) => node.version));
        if (!page.pageInfo.hasNextPage) return { seen, pages };
        after = page.pageInfo.endCursor;
      }
    };
    expect(await readAll('versions')).toEqual({ seen: [5, 4, 3, 2, 1], pages: 3 });
    const promotions = await readAll('promotions');
    expect(promotions.pages).toBe(3);
    // Concurrent promotions may share a timestamp: each appears once, none is skipped.
    expect([...promotions.seen].sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses runs that did not succeed, runs without a model, bad names and viewers', async () => {
    const created = await api.gql(
      graphql(`
        mutation registryCreateRun2($input: CreateRunInput!) {
          createRun(input: $input) {
            id
          }
        }
      `),
      { input: { projectId: api.projectId, name: 'queued', config: trainConfig() } },
      member.key,
    );
    const queued = created.data!.createRun.id;
    expect(
      errorCode(
        await api.gql(PROMOTE, { runId: queued, name: 'm', alias: 'champion' }, member.key),
      ),
    ).toBe('INVALID_STATE');
    const noModel = await succeededRunWithModel('no-model', 0.2, false);
    const response = await api.gql(
      PROMOTE,
      { runId: noModel, name: 'm', alias: 'champion' },
      member.key,
    );
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.errors![0]!.message).toContain('no model artifact');
    expect(
      errorCode(
        await api.gql(PROMOTE, { runId: first, name: 'm', alias: 'Champion!' }, member.key),
      ),
    ).toBe('BAD_USER_INPUT');
    const viewer = await api.member('VIEWER');
    expect(
      errorCode(await api.gql(PROMOTE, { runId: first, name: 'm', alias: 'champion' }, viewer.key)),
    ).toBe('FORBIDDEN');
    expect(await api.database.prisma.registeredModel.count({ where: { name: 'm' } })).toBe(0);
  });
});

/** Counts of every registry table: a refused promotion must leave them all as they were. */
async function registryCounts() {
  const prisma = api.database.prisma;
  return {
    models: await prisma.registeredModel.count(),
    versions: await prisma.modelVersion.count(),
    aliases: await prisma.modelAlias.count(),
    promotions: await prisma.aliasPromotion.count(),
    aliasRows: await prisma.modelAlias.findMany({
      orderBy: [{ modelId: 'asc' }, { alias: 'asc' }],
    }),
  };
}

const ALIAS_RULE = graphql(`
  query registryAliasRule($projectId: ID, $runId: ID!) {
    run(id: $runId) {
      viewerCanPromote
    }
    models(projectId: $projectId) {
      name
      aliases {
        alias
        viewerCanMove
      }
      versions {
        nodes {
          version
          macroF1
          rareClassF1
          artifact {
            bytes
            sha256
          }
        }
      }
    }
  }
`);

describe('who may move an alias', () => {
  let alice: { id: string; key: string };
  let bob: { id: string; key: string };
  let aliceRun: string;
  let bobRun: string;

  beforeAll(async () => {
    alice = await api.member('MEMBER');
    bob = await api.member('MEMBER');
    aliceRun = await succeededRunWithModel('alice', 0.5, true, alice.key);
    bobRun = await succeededRunWithModel('bob', 0.6, true, bob.key);
    const promoted = await api.gql(
      PROMOTE,
      { runId: aliceRun, name: 'shared', alias: 'champion' },
      alice.key,
    );
    expect(promoted.errors).toBeUndefined();
  });

  it('tells each caller in advance whether they may promote the run and move the alias', async () => {
    const asBob = await api.gql(ALIAS_RULE, { projectId: api.projectId, runId: bobRun }, bob.key);
    expect(asBob.errors).toBeUndefined();
    expect(asBob.data!.run!.viewerCanPromote).toBe(true);
    const shared = () => asBob.data!.models.find((m) => m.name === 'shared')!;
    expect(shared().aliases).toEqual([{ alias: 'champion', viewerCanMove: false }]);
    // The version carries the numbers it was promoted with and its file's size and hash.
    const [version] = shared().versions.nodes;
    expect(version!.macroF1).toBe(0.5);
    expect(version!.rareClassF1).toEqual(expect.any(Number));
    expect(version!.artifact.bytes).toBe(2048);
    expect(version!.artifact.sha256).toBe(sha256(modelFiles.get(aliceRun)!));

    const asAlice = await api.gql(
      ALIAS_RULE,
      { projectId: api.projectId, runId: bobRun },
      alice.key,
    );
    expect(asAlice.data!.run!.viewerCanPromote).toBe(false);
    expect(asAlice.data!.models.find((m) => m.name === 'shared')!.aliases[0]!.viewerCanMove).toBe(
      true,
    );
    const asAdmin = await api.gql(ALIAS_RULE, { projectId: api.projectId, runId: bobRun });
    expect(asAdmin.data!.run!.viewerCanPromote).toBe(true);
    expect(asAdmin.data!.models.find((m) => m.name === 'shared')!.aliases[0]!.viewerCanMove).toBe(
      true,
    );
    const viewer = await api.member('VIEWER');
    const asViewer = await api.gql(
      ALIAS_RULE,
      { projectId: api.projectId, runId: bobRun },
      viewer.key,
    );
    expect(asViewer.data!.run!.viewerCanPromote).toBe(false);
    expect(asViewer.data!.models.find((m) => m.name === 'shared')!.aliases[0]!.viewerCanMove).toBe(
      false,
    );
  });

  it('refuses a member moving another member’s alias, naming it, and writes nothing', async () => {
    const before = await registryCounts();
    const response = await api.gql(
      PROMOTE,
      { runId: bobRun, name: 'shared', alias: 'champion' },
      bob.key,
    );
    expect(errorCode(response)).toBe('FORBIDDEN');
    expect(response.errors![0]!.extensions).toMatchObject({ field: 'alias', alias: 'champion' });
    expect(response.errors![0]!.message).toContain('Alias champion of model shared');
    // No version 2 from Bob's run, no alias move, no history row.
    expect(await registryCounts()).toEqual(before);
  });

  it('lets a member add a version under a new alias of the shared model, then move that alias', async () => {
    const staging = await api.gql(
      PROMOTE,
      { runId: bobRun, name: 'shared', alias: 'staging' },
      bob.key,
    );
    expect(staging.errors).toBeUndefined();
    expect(staging.data!.promoteModel.version).toBe(2);
    // Alice's run behind `staging`... is not hers to move now: Bob's version is there.
    const aliceOver = await api.gql(
      PROMOTE,
      { runId: aliceRun, name: 'shared', alias: 'staging' },
      alice.key,
    );
    expect(errorCode(aliceOver)).toBe('FORBIDDEN');
  });

  it('lets an admin move any alias', async () => {
    const response = await api.gql(PROMOTE, { runId: bobRun, name: 'shared', alias: 'champion' });
    expect(response.errors).toBeUndefined();
    expect(response.data!.promoteModel).toMatchObject({ version: 2 });
    expect(response.data!.promoteModel.aliases.sort()).toEqual(['champion', 'staging']);
  });

  it('refuses a run without a model or a bad alias name with the field named, writing nothing', async () => {
    const noModel = await succeededRunWithModel('bob-no-model', 0.7, false, bob.key);
    const before = await registryCounts();
    const missing = await api.gql(
      PROMOTE,
      { runId: noModel, name: 'fresh-model', alias: 'champion' },
      bob.key,
    );
    expect(errorCode(missing)).toBe('BAD_USER_INPUT');
    expect(missing.errors![0]!.extensions).toMatchObject({ field: 'runId' });
    expect(missing.errors![0]!.message).toBe(`Run ${noModel} has no model artifact to register`);
    const badAlias = await api.gql(
      PROMOTE,
      { runId: bobRun, name: 'fresh-model', alias: 'Champion!' },
      bob.key,
    );
    expect(errorCode(badAlias)).toBe('BAD_USER_INPUT');
    expect(badAlias.errors![0]!.message).toContain('alias: must be 1-50 lowercase letters');
    expect(await registryCounts()).toEqual(before);
    const noModelView = await api.gql(
      ALIAS_RULE,
      { projectId: api.projectId, runId: noModel },
      bob.key,
    );
    expect(noModelView.data!.run!.viewerCanPromote).toBe(false);
  });

  it('answers one registered model by id, and null for an unknown one', async () => {
    const ONE = graphql(`
      query registryOne($id: ID!) {
        registeredModel(id: $id) {
          name
          aliases {
            alias
          }
        }
      }
    `);
    const id = (
      await api.database.prisma.registeredModel.findFirstOrThrow({ where: { name: 'shared' } })
    ).id;
    const found = await api.gql(ONE, { id }, bob.key);
    expect(found.data!.registeredModel).toEqual({
      name: 'shared',
      aliases: [{ alias: 'champion' }, { alias: 'staging' }],
    });
    const missing = await api.gql(ONE, { id: '00000000-0000-4000-8000-000000000000' }, bob.key);
    expect(missing.errors).toBeUndefined();
    expect(missing.data!.registeredModel).toBeNull();
  });
});
