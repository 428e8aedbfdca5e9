// startRun records the validation set a trainer prepared (dataset fingerprint and split seed),
// so runs launched from the queue are comparable; it refuses values that contradict what the
// run was created with, or that are malformed, and then writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, startTestApi, trainConfig, type TestApi } from './test-api.ts';
import type { DatasetRunQuery } from './generated/graphql.ts';
import { graphql } from './generated/index.ts';

const FINGERPRINT = 'a'.repeat(64);
const OTHER_FINGERPRINT = '0123456789abcdef'.repeat(4);
const START = graphql(`
  mutation datasetStartRun($id: ID!, $fp: String, $seed: Int) {
    startRun(id: $id, backend: "wasm", datasetFingerprint: $fp, splitSeed: $seed) {
      status
      datasetFingerprint
      splitSeed
    }
  }
`);
const READ = graphql(`
  query datasetRun($id: ID!) {
    run(id: $id) {
      status
      startedAt
      backend
      datasetFingerprint
      splitSeed
    }
  }
`);

type RunRow = NonNullable<DatasetRunQuery['run']>;

let api: TestApi;
let member: { id: string; key: string };

/** A run created with the dataset fields of `dataset` (no fingerprint unless given). */
async function createRun(dataset: Record<string, unknown>): Promise<string> {
  const response = await api.gql(
    graphql(`
      mutation datasetCreateRun($input: CreateRunInput!) {
        createRun(input: $input) {
          id
        }
      }
    `),
    {
      input: {
        projectId: api.projectId,
        name: 'launched',
        config: trainConfig({ dataset: { cachePath: '/data/cache.bin', ...dataset } }),
      },
    },
    member.key,
  );
  expect(response.errors).toBeUndefined();
  return response.data!.createRun.id;
}

async function readRun(id: string): Promise<RunRow> {
  const response = await api.gql(READ, { id }, member.key);
  expect(response.errors).toBeUndefined();
  return response.data!.run!;
}

function start(id: string, fp: string | null, seed: number | null) {
  return api.gql(START, { id, fp, seed }, member.key);
}

beforeAll(async () => {
  api = await startTestApi();
  member = await api.member('MEMBER');
});
afterAll(() => api?.close());

describe('startRun with the prepared dataset', () => {
  it('stores the fingerprint and split seed of a run created without them', async () => {
    const id = await createRun({ splitSeed: 3 });
    expect(await readRun(id)).toMatchObject({ datasetFingerprint: null, splitSeed: 3 });

    const started = await start(id, FINGERPRINT, 3);
    expect(started.errors).toBeUndefined();
    expect(started.data!.startRun).toEqual({
      status: 'RUNNING',
      datasetFingerprint: FINGERPRINT,
      splitSeed: 3,
    });
    expect(await readRun(id)).toMatchObject({ datasetFingerprint: FINGERPRINT, splitSeed: 3 });
  });

  it('accepts the values a run was created with, and keeps them when none are given', async () => {
    const pinned = await createRun({ fingerprint: FINGERPRINT, splitSeed: 5 });
    const same = await start(pinned, FINGERPRINT, 5);
    expect(same.errors).toBeUndefined();
    expect(same.data!.startRun).toMatchObject({ datasetFingerprint: FINGERPRINT, splitSeed: 5 });

    const silent = await createRun({ fingerprint: FINGERPRINT, splitSeed: 5 });
    const started = await start(silent, null, null);
    expect(started.errors).toBeUndefined();
    expect(started.data!.startRun).toMatchObject({ datasetFingerprint: FINGERPRINT, splitSeed: 5 });
  });

  it('refuses a fingerprint other than the pinned one with CONFLICT and writes nothing', async () => {
    const id = await createRun({ fingerprint: FINGERPRINT, splitSeed: 5 });
    const refused = await start(id, OTHER_FINGERPRINT, 5);
    expect(errorCode(refused)).toBe('CONFLICT');
    expect(refused.errors![0]!.extensions!.field).toBe('datasetFingerprint');
    expect(refused.errors![0]!.message).toContain(OTHER_FINGERPRINT);
    expect(await readRun(id)).toEqual({
      status: 'QUEUED',
      startedAt: null,
      backend: null,
      datasetFingerprint: FINGERPRINT,
      splitSeed: 5,
    });
  });

  it('refuses a split seed other than the recorded one with CONFLICT and writes nothing', async () => {
    const id = await createRun({ splitSeed: 5 });
    const refused = await start(id, FINGERPRINT, 6);
    expect(errorCode(refused)).toBe('CONFLICT');
    expect(refused.errors![0]!.extensions!.field).toBe('splitSeed');
    expect(await readRun(id)).toEqual({
      status: 'QUEUED',
      startedAt: null,
      backend: null,
      datasetFingerprint: null,
      splitSeed: 5,
    });
  });

  it.each([
    ['a short fingerprint', 'abc123', 0, 'datasetFingerprint'],
    ['an upper-case fingerprint', 'A'.repeat(64), 0, 'datasetFingerprint'],
    ['a non-hex fingerprint', 'g'.repeat(64), 0, 'datasetFingerprint'],
    ['a negative split seed', FINGERPRINT, -1, 'splitSeed'],
  ])('refuses %s with BAD_USER_INPUT naming the field', async (_what, fp, seed, field) => {
    const id = await createRun({ splitSeed: 0 });
    const refused = await start(id, fp, seed);
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors![0]!.message).toContain(`${field}:`);
    expect(await readRun(id)).toMatchObject({
      status: 'QUEUED',
      startedAt: null,
      datasetFingerprint: null,
      splitSeed: 0,
    });
  });
});
