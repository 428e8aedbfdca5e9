// createRun with an idempotency key, what `hpa-train sync` relies on: creating again with the
// same key and input returns the first call's run whatever its status, concurrent calls create
// one run, and a key reused for another input or by launchRun is refused with nothing written.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, startTestApi, trainConfig, type TestApi } from './test-api.ts';
import { graphql } from './generated/index.ts';

const CREATE = graphql(`
  mutation keyedCreateRun($input: CreateRunInput!) {
    createRun(input: $input) {
      id
      status
    }
  }
`);
const LAUNCH = graphql(`
  mutation keyedLaunchRun($input: LaunchRunInput!) {
    launchRun(input: $input) {
      id
    }
  }
`);
const FINISH = graphql(`
  mutation keyedFinishRun($id: ID!) {
    finishRun(id: $id, status: CANCELLED, errorMessage: "done") {
      id
    }
  }
`);

let api: TestApi;
let member: { id: string; key: string };
const create = (name: string, idempotencyKey: string | null, config = trainConfig()) =>
  api.gql(
    CREATE,
    { input: { projectId: api.projectId, name, config, idempotencyKey } },
    member.key,
  );
const runs = () => api.database.prisma.run.count();

beforeAll(async () => {
  api = await startTestApi();
  member = await api.member('MEMBER');
});
afterAll(() => api?.close());

describe('createRun with an idempotency key', () => {
  it('returns the first run for the same key and input, also after it finished', async () => {
    const key = randomUUID();
    const first = await create('offline-run', key);
    expect(first.errors).toBeUndefined();
    expect((await api.gql(FINISH, { id: first.data!.createRun.id }, member.key)).errors).toBe(
      undefined,
    );
    const again = await create('offline-run', key);
    expect(again.errors).toBeUndefined();
    expect(again.data!.createRun).toEqual({ id: first.data!.createRun.id, status: 'CANCELLED' });
    expect(await api.database.prisma.run.count({ where: { name: 'offline-run' } })).toBe(1);
  });

  it('creates one run for concurrent calls with one key', async () => {
    const key = randomUUID();
    const answers = await Promise.all([1, 2, 3].map(() => create('concurrent', key)));
    expect(answers.map((answer) => answer.errors)).toEqual([undefined, undefined, undefined]);
    expect(new Set(answers.map((answer) => answer.data!.createRun.id)).size).toBe(1);
    expect(await api.database.prisma.run.count({ where: { name: 'concurrent' } })).toBe(1);
  });

  it('refuses the same key with another input or from launchRun, writing nothing', async () => {
    const key = randomUUID();
    const first = await create('original', key);
    const before = await runs();
    const other = await create('original', key, trainConfig({ epochs: 3 }));
    expect(errorCode(other)).toBe('CONFLICT');
    expect(other.errors![0]!.message).toContain('with another input');
    expect(other.errors![0]!.extensions).toMatchObject({
      field: 'input.idempotencyKey',
      runId: first.data!.createRun.id,
    });
    const launched = await api.gql(
      LAUNCH,
      { input: { projectId: api.projectId, name: 'original', config: trainConfig() } },
      member.key,
    );
    expect(launched.errors).toBeUndefined();
    const launchKey = randomUUID();
    const launch = await api.gql(
      LAUNCH,
      {
        input: {
          projectId: api.projectId,
          name: 'launched',
          config: trainConfig(),
          idempotencyKey: launchKey,
        },
      },
      member.key,
    );
    expect(launch.errors).toBeUndefined();
    const createdAfterLaunch = await create('launched', launchKey);
    expect(errorCode(createdAfterLaunch)).toBe('CONFLICT');
    expect(createdAfterLaunch.errors![0]!.message).toContain('by launchRun');
    const launchAfterCreate = await api.gql(
      LAUNCH,
      {
        input: {
          projectId: api.projectId,
          name: 'original',
          config: trainConfig(),
          idempotencyKey: key,
        },
      },
      member.key,
    );
    expect(errorCode(launchAfterCreate)).toBe('CONFLICT');
    expect(launchAfterCreate.errors![0]!.message).toContain('by createRun');
    // Only the two launches without a conflict wrote a run.
    expect(await runs()).toBe(before + 2);
  });

  it('creates twice without a key, and refuses a malformed key', async () => {
    const a = await create('no-key', null);
    const b = await create('no-key', null);
    expect(a.data!.createRun.id).not.toBe(b.data!.createRun.id);
    const bad = await create('bad-key', 'short');
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0]!.message).toContain('input.idempotencyKey: must be 8-128');
  });
});
