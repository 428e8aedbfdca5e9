// No launched run stays queued forever: the reconciler re-enqueues a run whose job Redis lost
// (a private redis-server really killed and restarted without persistence), and fails, with the
// reason, a run whose worker died holding its job before startRun (a worker process really
// SIGKILLed) or whose job failed; queueStatus counts the dead worker's job as stalled, not
// active; and the job keys of finished runs are revoked.
import type { ChildProcess } from 'node:child_process';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRAIN_QUEUE_NAME } from '@hpa-lab/contracts';
import type { createBullmqLaunchQueue } from '../src/queue/bullmq-launch-queue.ts';
import { jobApiKeyPreparer } from '../src/services/job-keys.ts';
import { reconcileLaunchedRuns } from '../src/services/reconciler.ts';
import { startSweeper, type Sweeper } from '../src/services/sweeper.ts';
import {
  spawnTypeScript,
  startRedisServer,
  startTestApi,
  trainConfig,
  type RedisProcess,
  type TestApi,
} from './test-api.ts';
import { graphql } from './generated/index.ts';

const LAUNCH = graphql(`
  mutation reconcilerLaunchRun($input: LaunchRunInput!) {
    launchRun(input: $input) {
      id
    }
  }
`);
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

let redis: RedisProcess;
let api: TestApi;
let sweeper: Sweeper;
const bull = () => (api.queue as ReturnType<typeof createBullmqLaunchQueue>).queue;

async function launch(name: string): Promise<string> {
  const response = await api.gql(LAUNCH, {
    input: { projectId: api.projectId, name, config: trainConfig() },
  });
  if (!response.data) throw new Error(JSON.stringify(response.errors));
  return response.data.launchRun.id;
}

const runOf = (id: string) => api.database.prisma.run.findUniqueOrThrow({ where: { id } });

beforeAll(async () => {
  redis = await startRedisServer();
  api = await startTestApi({ queue: 'bullmq', redisUrl: redis.url });
  // As main.ts runs it, with a test-sized grace and interval.
  sweeper = startSweeper({
    db: api.database.prisma,
    logger,
    timeoutMs: 60_000,
    intervalMs: 60_000,
    queue: api.queue,
    reconcileGraceMs: 0,
  });
});
afterAll(async () => {
  sweeper?.stop();
  await api?.close();
  await redis?.kill();
});

describe('the reconciler', () => {
  it('re-enqueues launched runs whose jobs a Redis restart without persistence lost', async () => {
    const ids = [await launch('lost-1'), await launch('lost-2')];
    await redis.kill('SIGKILL');
    await redis.restart();
    await expect
      .poll(() =>
        api.gql(
          graphql(`
            query reconcilerQueueStatus {
              queueStatus {
                waiting
              }
            }
          `),
        ),
      )
      .toMatchObject({
        data: { queueStatus: { waiting: 0 } },
      });
    await sweeper.sweep();
    for (const id of ids) {
      expect((await bull().getJob(id))?.data).toMatchObject({ runId: id });
      expect((await runOf(id)).status).toBe('queued');
    }
    // A second pass finds the jobs and leaves them alone.
    const again = await reconcileLaunchedRuns(
      { db: api.database.prisma, queue: api.queue, logger },
      0,
    );
    expect(again).toEqual({ reenqueued: [], failed: [] });
    for (const id of ids) await bull().remove(id);
  });

  it('fails a run whose worker was killed while preparing its data, and says why', async () => {
    const id = await launch('worker-killed');
    const worker: ChildProcess = spawnTypeScript('test/fixtures/stuck-worker.ts', [
      redis.url,
      api.queuePrefix,
    ]);
    await new Promise<void>((resolve, reject) => {
      worker.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes(`took ${id}`)) resolve();
      });
      worker.once('exit', (code) => reject(new Error(`stuck worker exited (${code})`)));
    });
    const live = await api.gql(
      graphql(`
        query reconcilerQueueStatus2 {
          queueStatus {
            active
            stalled
            workers
          }
        }
      `),
    );
    expect(live.data!.queueStatus).toEqual({ active: 1, stalled: 0, workers: 1 });
    await sweeper.sweep();
    expect((await runOf(id)).status).toBe('queued');

    const gone = new Promise((resolve) => worker.once('exit', resolve));
    worker.kill('SIGKILL');
    await gone;
    // Its lock lives on for BullMQ's lockDuration, but no worker is connected any more.
    await expect
      .poll(
        async () =>
          (
            await api.gql(
              graphql(`
                query reconcilerQueueStatus3 {
                  queueStatus {
                    active
                    stalled
                    workers
                  }
                }
              `),
            )
          ).data,
        {
          timeout: 10_000,
        },
      )
      .toEqual({ queueStatus: { active: 0, stalled: 1, workers: 0 } });
    await sweeper.sweep();
    const run = await runOf(id);
    expect(run.status).toBe('failed');
    expect(run.errorMessage).toMatch(/worker that took its job stopped before the run started/);
    expect(run.finishedAt).not.toBeNull();
    await bull().obliterate({ force: true });
  });

  it('fails a run whose job failed before startRun, with the job failure', async () => {
    const id = await launch('job-failed');
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const worker = new Worker(
      TRAIN_QUEUE_NAME,
      async () => {
        throw new Error('cannot read /data/cache.bin');
      },
      { connection, prefix: api.queuePrefix },
    );
    await expect.poll(async () => (await bull().getJob(id))?.failedReason).toBeTruthy();
    await worker.close();
    await connection.quit();
    await sweeper.sweep();
    const run = await runOf(id);
    expect(run.status).toBe('failed');
    expect(run.errorMessage).toBe(
      'Its queue job failed before the run started: cannot read /data/cache.bin',
    );
  });

  it('leaves created (not launched) runs and fresh launches alone', async () => {
    const created = await api.gql(
      graphql(`
        mutation reconcilerCreateRun($input: CreateRunInput!) {
          createRun(input: $input) {
            id
          }
        }
      `),
      { input: { projectId: api.projectId, name: 'cli run', config: trainConfig() } },
    );
    const cli = created.data!.createRun.id;
    const fresh = await launch('fresh');
    await bull().remove(fresh);
    const result = await reconcileLaunchedRuns(
      { db: api.database.prisma, queue: api.queue, logger },
      60_000,
    );
    expect(result).toEqual({ reenqueued: [], failed: [] });
    expect((await runOf(cli)).status).toBe('queued');
    expect(await bull().getJob(cli)).toBeUndefined();
  });

  it('revokes the job key of a run once it is finished', async () => {
    const id = await launch('keyed');
    const job = (await bull().getJob(id))!.data;
    const prepared = await jobApiKeyPreparer(api.database.prisma, () => api.url)(job);
    const me = () =>
      fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${prepared.api.key}`,
        },
        body: JSON.stringify({ query: '{ me { id } }' }),
      });
    expect((await me()).status).toBe(200);
    await api.gql(
      graphql(`
        mutation reconcilerCancelRun($id: ID!) {
          cancelRun(id: $id) {
            id
          }
        }
      `),
      { id },
    );
    await sweeper.sweep();
    expect((await me()).status).toBe(401);
  });
});
