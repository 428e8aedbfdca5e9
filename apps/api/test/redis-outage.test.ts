// A Redis outage, with a private redis-server really killed and restarted: launchRun, cancelRun
// and queueStatus answer within seconds instead of waiting for Redis, a refused launch leaves no
// run behind, /healthz names the queue as the failing dependency, and everything works again
// once Redis is back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest } from './artifact-http.ts';
import {
  errorCode,
  startRedisServer,
  startTestApi,
  trainConfig,
  type RedisProcess,
  type TestApi,
} from './test-api.ts';
import { graphql } from './generated/index.ts';

const LAUNCH = graphql(`
  mutation outageLaunchRun($input: LaunchRunInput!) {
    launchRun(input: $input) {
      id
      status
    }
  }
`);

let redis: RedisProcess;
let api: TestApi;
let member: { id: string; key: string };

/** Fails the test when `call` has not answered after `ms`: it hung instead of failing fast. */
async function answersWithin<T>(ms: number, call: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms: it hangs`)), ms);
  });
  try {
    return await Promise.race([call, hung]);
  } finally {
    clearTimeout(timer);
  }
}

async function waitUntilHealthy() {
  for (let i = 0; i < 100; i += 1) {
    const health = await httpRequest(`${api.url}/healthz`, { method: 'GET' });
    if (health.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the API did not become healthy again');
}

beforeAll(async () => {
  redis = await startRedisServer();
  api = await startTestApi({ queue: 'bullmq', redisUrl: redis.url });
  member = await api.member('MEMBER');
});
afterAll(async () => {
  await redis?.restart().catch(() => undefined);
  await api?.close();
  await redis?.kill();
});

describe('Redis outage', () => {
  it('fails launch, cancel and status fast, leaves no run, and recovers', async () => {
    const launch = (name: string) =>
      api.gql(
        LAUNCH,
        { input: { projectId: api.projectId, name, config: trainConfig() } },
        member.key,
      );
    const before = await launch('before the outage');
    expect(before.errors).toBeUndefined();
    const queuedId = before.data!.launchRun.id;

    await redis.kill('SIGKILL');

    const refused = await answersWithin(10_000, launch('during the outage'));
    expect(errorCode(refused)).toBe('SERVICE_UNAVAILABLE');
    expect(refused.errors![0]!.message).toMatch(/launch queue \(Redis\) is unavailable/);
    expect(refused.status).toBe(200);
    const db = api.database.prisma;
    expect(await db.run.count({ where: { name: 'during the outage' } })).toBe(0);

    const status = await answersWithin(
      10_000,
      api.gql(
        graphql(`
          query outageQueueStatus {
            queueStatus {
              waiting
            }
          }
        `),
      ),
    );
    expect(errorCode(status)).toBe('SERVICE_UNAVAILABLE');

    // The database decides: the run is cancelled even though its job cannot be removed now.
    const cancelled = await answersWithin(
      10_000,
      api.gql(
        graphql(`
          mutation outageCancelRun($id: ID!) {
            cancelRun(id: $id) {
              status
            }
          }
        `),
        { id: queuedId },
        member.key,
      ),
    );
    expect(cancelled.errors).toBeUndefined();
    expect(cancelled.data!.cancelRun.status).toBe('CANCELLED');

    const health = await answersWithin(
      10_000,
      httpRequest(`${api.url}/healthz`, { method: 'GET' }),
    );
    expect(health.status).toBe(503);
    const body = health.json() as {
      ok: boolean;
      dependencies: Record<string, { ok: boolean; error?: string }>;
    };
    expect(body.ok).toBe(false);
    expect(body.dependencies.database!.ok).toBe(true);
    expect(body.dependencies.artifactStore!.ok).toBe(true);
    expect(body.dependencies.queue!.ok).toBe(false);
    expect(body.dependencies.queue!.error).toBeTruthy();

    await redis.restart();
    await waitUntilHealthy();
    const after = await launch('after the outage');
    expect(after.errors).toBeUndefined();
    const counts = await api.gql(
      graphql(`
        query outageQueueStatus2 {
          queueStatus {
            waiting
          }
        }
      `),
    );
    // The restarted Redis is empty: only the new launch waits.
    expect(counts.data!.queueStatus.waiting).toBe(1);
  }, 60_000);
});
