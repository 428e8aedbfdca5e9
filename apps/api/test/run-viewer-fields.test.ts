// Run fields that answer for the member asking (viewerCanCancel) or pick one evaluation
// (evaluation(step)): what the dashboard's run page reads instead of re-implementing rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  evaluationInput,
  perClassFill,
  startTestApi,
  trainConfig,
  type TestApi,
} from './test-api.ts';
import { graphql } from './generated/index.ts';

let api: TestApi;
let owner: { id: string; key: string };
let otherMember: { id: string; key: string };
let viewer: { id: string; key: string };

async function createRun(key: string): Promise<string> {
  const response = await api.gql(
    graphql(`
      mutation viewerCreateRun($input: CreateRunInput!) {
        createRun(input: $input) {
          id
        }
      }
    `),
    { input: { projectId: api.projectId, name: 'run', config: trainConfig() } },
    key,
  );
  expect(response.errors).toBeUndefined();
  return response.data!.createRun.id;
}

async function canCancel(runId: string, key: string): Promise<boolean> {
  const response = await api.gql(
    graphql(`
      query viewerRun($id: ID!) {
        run(id: $id) {
          viewerCanCancel
        }
      }
    `),
    { id: runId },
    key,
  );
  expect(response.errors).toBeUndefined();
  return response.data!.run!.viewerCanCancel;
}

beforeAll(async () => {
  api = await startTestApi();
  owner = await api.member('MEMBER');
  otherMember = await api.member('MEMBER');
  viewer = await api.member('VIEWER');
});
afterAll(() => api?.close());

describe('Run.viewerCanCancel', () => {
  it('is true for the owner and admins of a live run, false for other members and viewers', async () => {
    const runId = await createRun(owner.key);
    expect(await canCancel(runId, owner.key)).toBe(true);
    expect(await canCancel(runId, api.adminKey)).toBe(true);
    expect(await canCancel(runId, otherMember.key)).toBe(false);
    expect(await canCancel(runId, viewer.key)).toBe(false);
  });

  it('agrees with cancelRun: false once the run has ended', async () => {
    const runId = await createRun(owner.key);
    const refused = await api.gql(
      graphql(`
        mutation viewerCancelRun($id: ID!) {
          cancelRun(id: $id) {
            id
          }
        }
      `),
      { id: runId },
      otherMember.key,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const cancelled = await api.gql(
      graphql(`
        mutation viewerCancelRun2($id: ID!) {
          cancelRun(id: $id) {
            status
          }
        }
      `),
      { id: runId },
      owner.key,
    );
    expect(cancelled.data?.cancelRun.status).toBe('CANCELLED');
    expect(await canCancel(runId, owner.key)).toBe(false);
    expect(await canCancel(runId, api.adminKey)).toBe(false);
  });
});

describe('Run.evaluation(step)', () => {
  it('returns the evaluation at a step of a split, and null where there is none', async () => {
    const runId = await createRun(owner.key);
    for (const [step, macroF1] of [
      [10, 0.3],
      [20, 0.4],
    ] as const) {
      const logged = await api.gql(
        graphql(`
          mutation viewerLogEvaluation($input: LogEvaluationInput!) {
            logEvaluation(input: $input) {
              id
            }
          }
        `),
        {
          input: evaluationInput(runId, macroF1, {
            step,
            perClass: {
              support: perClassFill(10),
              threshold: perClassFill(0.5),
              tp: perClassFill(step),
              fp: perClassFill(1),
              fn: perClassFill(1),
              tn: perClassFill(1),
            },
          }),
        },
        owner.key,
      );
      expect(logged.errors).toBeUndefined();
    }
    const response = await api.gql(
      graphql(`
        query viewerRun2($id: ID!) {
          run(id: $id) {
            first: evaluation(step: 10) {
              step
              macroF1
              tp
            }
            missing: evaluation(step: 15) {
              step
            }
            otherSplit: evaluation(step: 10, split: "test") {
              step
            }
          }
        }
      `),
      { id: runId },
      viewer.key,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.run!.first).toMatchObject({ step: 10, macroF1: 0.3 });
    expect(response.data!.run!.first!.tp[0]).toBe(10);
    expect(response.data!.run!.missing).toBeNull();
    expect(response.data!.run!.otherSplit).toBeNull();
  });
});
