// A finished run's numbers are final: metrics, evaluations and uploads to a succeeded (promoted),
// failed or cancelled run are refused with INVALID_STATE and change nothing; and only a model's
// owner or an admin moves its aliases.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upload } from './artifact-http.ts';
import { errorCode, evaluationInput, startTestApi, trainConfig, type TestApi } from './test-api.ts';
import type { FinishStatus } from './generated/graphql.ts';
import { graphql } from './generated/index.ts';

let api: TestApi;
let owner: { id: string; key: string };
let other: { id: string; key: string };

const LOG_METRICS = graphql(`
  mutation finishedLogMetrics($id: ID!, $points: [MetricPointInput!]!) {
    logMetrics(runId: $id, points: $points) {
      written
    }
  }
`);
const LOG_EVALUATION = graphql(`
  mutation finishedLogEvaluation($input: LogEvaluationInput!) {
    logEvaluation(input: $input) {
      id
    }
  }
`);
const PROMOTE = graphql(`
  mutation finishedPromoteModel($runId: ID!, $alias: String!) {
    promoteModel(runId: $runId, name: "hpa", alias: $alias) {
      version
    }
  }
`);

function evaluation(runId: string, macroF1: number, step = 10) {
  return evaluationInput(runId, macroF1, { step });
}

/** A started run with one curve point, one evaluation and a model file, as `member`. */
async function trainedRun(member: { key: string }, macroF1: number): Promise<string> {
  const created = await api.gql(
    graphql(`
      mutation finishedCreateRun($input: CreateRunInput!) {
        createRun(input: $input) {
          id
        }
      }
    `),
    { input: { projectId: api.projectId, name: `run ${macroF1}`, config: trainConfig() } },
    member.key,
  );
  const runId = created.data!.createRun.id;
  await api.gql(
    graphql(`
      mutation finishedStartRun($id: ID!) {
        startRun(id: $id) {
          id
        }
      }
    `),
    { id: runId },
    member.key,
  );
  const points = [{ key: 'train/loss', step: 1, value: 0.5 }];
  expect((await api.gql(LOG_METRICS, { id: runId, points }, member.key)).errors).toBeUndefined();
  const logged = await api.gql(LOG_EVALUATION, { input: evaluation(runId, macroF1) }, member.key);
  expect(logged.errors).toBeUndefined();
  expect((await upload(api.url, member.key, runId, 'model.bin', randomBytes(512))).status).toBe(
    201,
  );
  return runId;
}

async function finish(runId: string, key: string, status: FinishStatus, errorMessage?: string) {
  const finished = await api.gql(
    graphql(`
      mutation finishedFinishRun($id: ID!, $status: FinishStatus!, $message: String) {
        finishRun(id: $id, status: $status, errorMessage: $message) {
          id
        }
      }
    `),
    { id: runId, status, message: errorMessage ?? null },
    key,
  );
  expect(finished.errors).toBeUndefined();
}

beforeAll(async () => {
  api = await startTestApi();
  owner = await api.member('MEMBER');
  other = await api.member('MEMBER');
});
afterAll(() => api?.close());

describe('a finished run refuses writes', () => {
  it("keeps a promoted run's points, evaluations, best F1 and files as they were", async () => {
    const runId = await trainedRun(owner, 0.309);
    await finish(runId, owner.key, 'SUCCEEDED');
    expect(errorCode(await api.gql(PROMOTE, { runId, alias: 'champion' }, owner.key))).toBe(
      undefined,
    );

    const overwrite = await api.gql(
      LOG_METRICS,
      { id: runId, points: [{ key: 'train/loss', step: 1, value: 9 }] },
      owner.key,
    );
    expect(errorCode(overwrite)).toBe('INVALID_STATE');
    expect(overwrite.errors![0]!.extensions!.status).toBe('SUCCEEDED');
    expect(overwrite.errors![0]!.message).toContain('accepts no more metrics');
    const better = await api.gql(
      LOG_EVALUATION,
      { input: evaluation(runId, 0.99, 20) },
      api.adminKey,
    );
    expect(errorCode(better)).toBe('INVALID_STATE');
    const model = await upload(api.url, owner.key, runId, 'model-2.bin', randomBytes(256));
    expect(model.status).toBe(409);
    expect(model.json().errors![0]!.extensions!.code).toBe('INVALID_STATE');
    // A submission made later from the model changes none of its numbers: still accepted.
    const csv = Buffer.from('Id,Predicted\na,0 16\n');
    const submission = () =>
      upload(api.url, owner.key, runId, 'submission-late.csv', csv, { kind: 'SUBMISSION' });
    expect((await submission()).status).toBe(201);
    expect((await submission()).status).toBe(200);
    const restart = await api.gql(
      graphql(`
        mutation finishedStartRun2($id: ID!) {
          startRun(id: $id) {
            id
          }
        }
      `),
      { id: runId },
      owner.key,
    );
    expect(errorCode(restart)).toBe('INVALID_STATE');
    // A heartbeat is answered with the status, so a late trainer learns it must stop.
    const beat = await api.gql(
      graphql(`
        mutation finishedHeartbeat($id: ID!) {
          heartbeat(id: $id) {
            status
          }
        }
      `),
      { id: runId },
      owner.key,
    );
    expect(beat.data!.heartbeat.status).toBe('SUCCEEDED');

    const db = api.database.prisma;
    const points = await db.metricPoint.findMany({ where: { runId } });
    expect(points.map((p) => p.value)).toEqual([0.5]);
    expect(await db.evaluation.count({ where: { runId } })).toBe(1);
    expect((await db.run.findUniqueOrThrow({ where: { id: runId } })).bestMacroF1).toBeCloseTo(
      0.309,
    );
    expect(
      (await db.artifact.findMany({ where: { runId }, orderBy: { createdAt: 'asc' } })).map(
        (a) => a.name,
      ),
    ).toEqual(['model.bin', 'submission-late.csv']);
    const version = await db.modelVersion.findFirstOrThrow({ where: { runId } });
    expect((version.metricsSnapshot as { macroF1: number }).macroF1).toBeCloseTo(0.309);
  });

  it('refuses writes to failed and cancelled runs too', async () => {
    const failed = await trainedRun(owner, 0.2);
    await finish(failed, owner.key, 'FAILED', 'diverged');
    const cancelled = await trainedRun(owner, 0.2);
    const cancel = await api.gql(
      graphql(`
        mutation finishedCancelRun($id: ID!) {
          cancelRun(id: $id) {
            status
          }
        }
      `),
      { id: cancelled },
      owner.key,
    );
    expect(cancel.errors).toBeUndefined();
    for (const runId of [failed, cancelled]) {
      const csv = Buffer.from('Id,Predicted\n');
      const late = await upload(api.url, owner.key, runId, 'submission.csv', csv, {
        kind: 'SUBMISSION',
      });
      expect(late.json().errors![0]!.extensions!.code).toBe('INVALID_STATE');
      const points = [{ key: 'train/loss', step: 2, value: 0.4 }];
      expect(errorCode(await api.gql(LOG_METRICS, { id: runId, points }, owner.key))).toBe(
        'INVALID_STATE',
      );
      expect(
        errorCode(await api.gql(LOG_EVALUATION, { input: evaluation(runId, 0.5, 30) }, owner.key)),
      ).toBe('INVALID_STATE');
    }
    expect(await api.database.prisma.metricPoint.count({ where: { step: 2 } })).toBe(0);
  });
});

describe('who may move a model alias', () => {
  it("refuses a member moving another member's model alias; its owner and admins may", async () => {
    // `hpa` was registered from owner's run by the first test; other's own run cannot take it.
    const theirs = await trainedRun(other, 0.5);
    await finish(theirs, other.key, 'SUCCEEDED');
    const taken = await api.gql(PROMOTE, { runId: theirs, alias: 'champion' }, other.key);
    expect(errorCode(taken)).toBe('FORBIDDEN');
    expect(taken.errors![0]!.message).toContain('only that member or an admin');
    const db = api.database.prisma;
    expect(await db.modelVersion.count({ where: { runId: theirs } })).toBe(0);

    const mine = await trainedRun(owner, 0.4);
    await finish(mine, owner.key, 'SUCCEEDED');
    expect((await api.gql(PROMOTE, { runId: mine, alias: 'champion' }, owner.key)).errors).toBe(
      undefined,
    );
    const byAdmin = await api.gql(PROMOTE, { runId: theirs, alias: 'champion' }, api.adminKey);
    expect(byAdmin.errors).toBeUndefined();
    const champion = await db.modelAlias.findFirstOrThrow({ where: { alias: 'champion' } });
    const version = await db.modelVersion.findUniqueOrThrow({ where: { id: champion.versionId } });
    expect(version.runId).toBe(theirs);
  });
});
