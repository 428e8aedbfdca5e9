// launchRun with an idempotency key: a retry returns the run the first attempt created, never a
// second one, including after the API process was killed between its insert and its enqueue
// (a private Redis frozen with SIGSTOP holds the enqueue while the API is SIGKILLed).
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TRAIN_QUEUE_NAME } from '@hpa-lab/contracts';
import { createTestDatabase, type TestDatabase } from '@hpa-lab/db/testing';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { createBullmqLaunchQueue } from '../src/queue/bullmq-launch-queue.ts';
import {
  apiChildEnv,
  bootstrapAdmin,
  errorCode,
  freePort,
  graphqlAt,
  startApiProcess,
  startRedisServer,
  startTestApi,
  trainConfig,
  type ApiProcess,
  type RedisProcess,
  type TestApi,
} from './test-api.ts';
import { graphql } from './generated/index.ts';

const LAUNCH = graphql(`
  mutation idempotentLaunch($input: LaunchRunInput!) {
    launchRun(input: $input) {
      id
      status
      name
    }
  }
`);

describe('launchRun with an idempotency key (BullMQ)', () => {
  let api: TestApi;
  let member: { id: string; key: string };
  const bull = () => (api.queue as ReturnType<typeof createBullmqLaunchQueue>).queue;
  const launch = (
    name: string,
    idempotencyKey: string | null,
    key = member.key,
    config = trainConfig(),
  ) => api.gql(LAUNCH, { input: { projectId: api.projectId, name, config, idempotencyKey } }, key);
  const runs = () => api.database.prisma.run.count();

  beforeAll(async () => {
    api = await startTestApi({ queue: 'bullmq' });
    member = await api.member('MEMBER');
  });
  afterAll(() => api?.close());

  it('returns the same run for a retry with the same key and input: one run, one job', async () => {
    const key = randomUUID();
    const first = await launch('retried', key);
    expect(first.errors).toBeUndefined();
    const again = await launch('retried', key);
    expect(again.errors).toBeUndefined();
    expect(again.data!.launchRun.id).toBe(first.data!.launchRun.id);
    const rows = await api.database.prisma.run.findMany({ where: { name: 'retried' } });
    expect(rows.map((row) => [row.id, row.launchKey])).toEqual([[first.data!.launchRun.id, key]]);
    expect(await bull().getJobCountByTypes('waiting')).toBe(1);
  });

  it('launches concurrent retries of one key once', async () => {
    const key = randomUUID();
    const answers = await Promise.all([1, 2, 3, 4].map(() => launch('concurrent', key)));
    expect(answers.map((answer) => answer.errors)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(new Set(answers.map((answer) => answer.data!.launchRun.id)).size).toBe(1);
    expect(await api.database.prisma.run.count({ where: { name: 'concurrent' } })).toBe(1);
  });

  it('refuses the same key with another input, naming the key, and writes nothing', async () => {
    const key = randomUUID();
    const first = await launch('original', key);
    const before = await runs();
    const other = await launch('original', key, member.key, trainConfig({ epochs: 3 }));
    expect(errorCode(other)).toBe('CONFLICT');
    expect(other.errors![0]!.extensions).toMatchObject({
      field: 'input.idempotencyKey',
      runId: first.data!.launchRun.id,
    });
    expect(other.errors![0]!.message).toContain('with another input');
    expect(await runs()).toBe(before);
  });

  it('keeps keys per member, and launches twice without a key', async () => {
    const key = randomUUID();
    const other = await api.member('MEMBER');
    const mine = await launch('per-member', key);
    const theirs = await launch('per-member', key, other.key);
    expect(theirs.data!.launchRun.id).not.toBe(mine.data!.launchRun.id);
    const a = await launch('no-key', null);
    const b = await launch('no-key', null);
    expect(a.data!.launchRun.id).not.toBe(b.data!.launchRun.id);
  });

  it('refuses a malformed key before writing anything', async () => {
    const before = await runs();
    const response = await launch('bad key', 'short');
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.errors![0]!.message).toContain('input.idempotencyKey: must be 8-128');
    expect(await runs()).toBe(before);
  });
});

describe('the API killed mid-launch', () => {
  let redis: RedisProcess;
  let database: TestDatabase;
  let home: string;
  let server: ApiProcess | undefined;

  beforeAll(async () => {
    redis = await startRedisServer();
    database = await createTestDatabase();
    home = await mkdtemp(path.join(os.tmpdir(), 'hpa-api-midlaunch-'));
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await redis?.kill();
    await database?.drop();
    await rm(home, { recursive: true, force: true });
  });

  it('leaves a whole queued run that a retry with the same key enqueues once', async () => {
    const admin = (await bootstrapAdmin(database.prisma, { email: 'a@test.local', name: 'A' }))!;
    const prefix = `hpa-test-${randomUUID()}`;
    const env = apiChildEnv({
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: prefix,
      HPA_LAB_HOME: home,
      PORT: String(await freePort()),
      // The reconciler must not be the one that enqueues the run: the retry is under test.
      RECONCILE_GRACE_SECONDS: '3600',
      LOG_LEVEL: 'warn',
    });
    const input = {
      projectId: admin.project.id,
      name: 'mid-launch',
      config: trainConfig(),
      idempotencyKey: randomUUID(),
    };
    server = await startApiProcess({ ...env, LOG_LEVEL: 'info' });
    // Redis stops answering: the API inserts the run, then waits on the enqueue...
    await redis.freeze();
    const attempt = graphqlAt(server.url, admin.secret, LAUNCH, { input }).catch(
      (error: unknown) => ({ failed: String(error) }),
    );
    const db = database.prisma;
    for (let i = 0; i < 100 && (await db.run.count()) === 0; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // ...and the API goes away before it enqueued or answered.
    await server.stop('SIGKILL');
    server = undefined;
    expect(await attempt).toHaveProperty('failed');
    // The enqueue the API wrote before dying may sit in the frozen Redis's socket buffer, and a
    // thawed Redis would run it (CI saw the job appear). Redis goes away too (no persistence), so
    // the run is stranded without a job every time and the retry is what enqueues it.
    await redis.kill();
    await redis.restart();
    const queue = new Queue(TRAIN_QUEUE_NAME, { connection: { url: redis.url }, prefix });
    try {
      const stranded = await db.run.findMany();
      expect(stranded).toHaveLength(1);
      expect(stranded[0]).toMatchObject({ status: 'queued', launchKey: input.idempotencyKey });
      expect(await queue.getJob(stranded[0]!.id)).toBeUndefined();

      server = await startApiProcess({ ...env, LOG_LEVEL: 'info' });
      const retried = await graphqlAt(server.url, admin.secret, LAUNCH, { input });
      expect(retried.errors).toBeUndefined();
      expect(retried.data!.launchRun).toMatchObject({ id: stranded[0]!.id, status: 'QUEUED' });
      const again = await graphqlAt(server.url, admin.secret, LAUNCH, { input });
      expect(again.data!.launchRun.id).toBe(stranded[0]!.id);
      expect(await db.run.count()).toBe(1);
      expect((await queue.getJob(stranded[0]!.id))?.data.runId).toBe(stranded[0]!.id);
      expect(await queue.getJobCountByTypes('waiting')).toBe(1);
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  }, 60_000);
});
