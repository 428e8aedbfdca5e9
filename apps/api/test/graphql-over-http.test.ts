// Issue 24.5: GraphQL over HTTP. A client that accepts `application/graphql-response+json` gets
// the status of the error when a response carries no data (FORBIDDEN 403, INVALID_STATE 409,
// SERVICE_UNAVAILABLE 503); a plain `application/json` client keeps 200, and a partial result
// keeps 200 for everyone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startRedisServer,
  startTestApi,
  trainConfig,
  type RedisProcess,
  type TestApi,
} from './test-api.ts';

let api: TestApi;
/** Its launch queue's private Redis is killed: queue calls fail with SERVICE_UNAVAILABLE. */
let noRedis: TestApi;
let redis: RedisProcess;

beforeAll(async () => {
  redis = await startRedisServer();
  [api, noRedis] = await Promise.all([
    startTestApi(),
    startTestApi({ queue: 'bullmq', redisUrl: redis.url }),
  ]);
  await redis.kill('SIGKILL');
});
afterAll(async () => {
  // Back up, so the queue closes instead of waiting for a server that never comes.
  await redis?.restart().catch(() => undefined);
  for (let i = 0; i < 100 && noRedis; i += 1) {
    if ((await fetch(`${noRedis.url}/healthz`)).status === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await Promise.all([api?.close(), noRedis?.close()]);
  await redis?.kill();
});

const NEW_MEDIA = 'application/graphql-response+json';

async function post(
  target: TestApi,
  accept: string,
  query: string,
  variables: Record<string, unknown> = {},
  key = target.adminKey,
) {
  const response = await fetch(`${target.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept, authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as {
    data?: unknown;
    errors?: { extensions?: { code?: string } }[];
  };
  return { status: response.status, type: response.headers.get('content-type'), body };
}

const CREATE = `mutation ($input: CreateRunInput!) { createRun(input: $input) { id } }`;
const createInput = (projectId: string) => ({
  input: { projectId, name: 'http status', config: trainConfig() },
});

describe('HTTP status of data-less errors', () => {
  it('answers FORBIDDEN with 403 to graphql-response+json clients, 200 to application/json ones', async () => {
    const viewer = await api.member('VIEWER');
    const strict = await post(api, NEW_MEDIA, CREATE, createInput(api.projectId), viewer.key);
    expect(strict.type).toContain(NEW_MEDIA);
    expect(strict.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect(strict.status).toBe(403);
    const legacy = await post(
      api,
      'application/json',
      CREATE,
      createInput(api.projectId),
      viewer.key,
    );
    expect(legacy.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect(legacy.status).toBe(200);
  });

  it('answers INVALID_STATE with 409', async () => {
    const created = await post(api, NEW_MEDIA, CREATE, createInput(api.projectId));
    const id = (created.body.data as { createRun: { id: string } }).createRun.id;
    const finished = await post(
      api,
      NEW_MEDIA,
      `mutation ($id: ID!) { finishRun(id: $id, status: CANCELLED) { status } }`,
      { id },
    );
    expect(finished.status).toBe(200);
    const late = await post(
      api,
      NEW_MEDIA,
      `mutation ($id: ID!) { logMetrics(runId: $id, points: [{ key: "train/loss", step: 1, value: 1 }]) { written } }`,
      { id },
    );
    expect(late.body.errors![0]!.extensions!.code).toBe('INVALID_STATE');
    expect(late.status).toBe(409);
  });

  it('answers SERVICE_UNAVAILABLE with 503', async () => {
    const status = await post(noRedis, NEW_MEDIA, `{ queueStatus { waiting } }`);
    expect(status.body.errors![0]!.extensions!.code).toBe('SERVICE_UNAVAILABLE');
    expect(status.status).toBe(503);
  });

  it('keeps 200 for a partial result', async () => {
    // `run` is nullable: its BAD_USER_INPUT leaves `me` in the data.
    const partial = await post(api, NEW_MEDIA, `{ me { id } run(id: "not-an-id") { id } }`);
    expect(partial.body.data).toMatchObject({ me: { id: api.adminId }, run: null });
    expect(partial.body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(partial.status).toBe(200);
  });
});
