// Issue 24.2: one member cannot slow everyone down. Heavy queries beyond a member's slots, and
// queries beyond their cost budget, are refused at once with HTTP 429, Retry-After and a
// RATE_LIMITED "slow down" error; the heavy ones admitted run on their own pool, so another
// member's metric writes and /healthz keep their connections meanwhile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest } from './artifact-http.ts';
import { startTestApi, trainConfig, type TestApi } from './test-api.ts';

let api: TestApi;
let tight: TestApi;

beforeAll(async () => {
  [api, tight] = await Promise.all([
    // The server's defaults: 2 heavy queries (cost >= 5,000) per member at once.
    startTestApi(),
    // A budget of 30,000 units per 3 s (10 per ms), to see it run out and refill in a test.
    startTestApi({
      admission: { heavyCost: 5000, heavyPerMember: 2, costPerWindow: 30_000, windowMs: 3000 },
    }),
  ]);
});
afterAll(async () => {
  await Promise.all([api?.close(), tight?.close()]);
});

interface Answer {
  status: number;
  retryAfter: string | null;
  ms: number;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function post(
  target: TestApi,
  key: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(`${target.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Answer['body'];
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    ms: performance.now() - started,
    body,
  };
}

/** The request: 5 class leaderboards, each within the limit (cost about 23,800). */
const heavyQuery = (projectId: string) =>
  `{ ${Array.from(
    { length: 5 },
    (_, i) =>
      `l${i}: classLeaderboard(projectId: "${projectId}", top: 3) { classId top { f1 run { id } } }`,
  ).join(' ')} }`;

async function createRun(target: TestApi, key: string): Promise<string> {
  const created = await post(
    target,
    key,
    `mutation ($input: CreateRunInput!) { createRun(input: $input) { id } }`,
    { input: { projectId: target.projectId, name: 'writer', config: trainConfig() } },
  );
  return (created.body.data as { createRun: { id: string } }).createRun.id;
}

const LOG = `mutation ($runId: ID!, $points: [MetricPointInput!]!) { logMetrics(runId: $runId, points: $points) { written } }`;

function expectSlowDown(answer: Answer) {
  expect(answer.status).toBe(429);
  expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
  expect(answer.body.data).toBeUndefined();
  expect(answer.body.errors![0]!.extensions!.code).toBe('RATE_LIMITED');
  expect(answer.body.errors![0]!.message).toMatch(/^Slow down: /);
}

describe('heavy queries per member', () => {
  it('refuses the 3rd..8th of 8 concurrent heavy queries at once while another member keeps writing', async () => {
    const heavyMember = await api.member('MEMBER');
    const writer = await api.member('MEMBER');
    const runId = await createRun(api, writer.key);

    // Hold every heavy query inside the database: the leaderboards read "Evaluation", which a
    // transaction of the test locks, so the admitted ones stay in flight as long as it wants.
    let locked!: () => void;
    let unlock!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const release = new Promise<void>((resolve) => (unlock = resolve));
    const lock = api.database.prisma.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe('LOCK TABLE "Evaluation" IN ACCESS EXCLUSIVE MODE');
        locked();
        await release;
      },
      { timeout: 30_000 },
    );
    await isLocked;

    const heavy = Array.from({ length: 8 }, () =>
      post(api, heavyMember.key, heavyQuery(api.projectId)),
    );
    // The six beyond the member's two slots are answered while the two still wait on the lock.
    const settled = await Promise.all(
      heavy.map((request) =>
        Promise.race([request, new Promise<null>((resolve) => setTimeout(resolve, 2500, null))]),
      ),
    );
    const refused = settled.filter((answer): answer is Answer => answer !== null);
    expect(refused).toHaveLength(6);
    for (const answer of refused) expectSlowDown(answer);
    expect(refused[0]!.body.errors![0]!.message).toContain('2 heavy requests');

    // Another member's trainer logs metrics and /healthz answers, while both heavy queries still
    // hold their connections (on main they took the whole pool and these waited for the lock).
    for (let step = 0; step < 10; step += 1) {
      const logged = await post(api, writer.key, LOG, {
        runId,
        points: [{ key: 'train/loss', step, value: 1 / (step + 1) }],
      });
      expect(logged.body.errors).toBeUndefined();
      expect(logged.ms).toBeLessThan(1500);
    }
    const startedHealth = performance.now();
    const health = await httpRequest(`${api.url}/healthz`, { method: 'GET' });
    expect(health.status).toBe(200);
    expect(performance.now() - startedHealth).toBeLessThan(1500);

    unlock();
    await lock;
    const admitted = (await Promise.all(heavy)).filter((answer) => answer.status === 200);
    expect(admitted).toHaveLength(2);
    for (const answer of admitted) expect(answer.body.errors).toBeUndefined();
    // The slots are free again once those answered.
    const again = await post(api, heavyMember.key, heavyQuery(api.projectId));
    expect(again.status).toBe(200);
  });
});

describe('cost budget per member', () => {
  it('refuses queries past the budget with Retry-After, refills, and leaves other members and writes alone', async () => {
    const spender = await tight.member('MEMBER');
    const other = await tight.member('VIEWER');
    const runId = await createRun(tight, spender.key);
    const query = heavyQuery(tight.projectId);

    expect((await post(tight, spender.key, query)).status).toBe(200);
    const refused = await post(tight, spender.key, query);
    expectSlowDown(refused);
    expect(refused.body.errors![0]!.message).toMatch(/costs \d+ and this member has \d+ of 30000/);
    // Another member has a budget of their own.
    expect((await post(tight, other.key, query)).status).toBe(200);
    // Writes (a trainer's metrics) are not held back by the member's reading.
    const logged = await post(tight, spender.key, LOG, {
      runId,
      points: [{ key: 'train/loss', step: 0, value: 1 }],
    });
    expect(logged.body.errors).toBeUndefined();

    // Retry-After is honest: after it the same query fits again.
    await new Promise((resolve) => setTimeout(resolve, Number(refused.retryAfter) * 1000 + 100));
    expect((await post(tight, spender.key, query)).status).toBe(200);
  });
});
