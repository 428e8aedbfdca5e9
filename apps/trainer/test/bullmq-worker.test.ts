// The BullMQ path on the real Redis: jobs launched through the API are trained by the trainer's
// worker; a cancelled run stops at its next heartbeat; a bad config fails once, for good; and a
// worker killed mid-run leaves a run the API's sweeper marks failed.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import type { createBullmqLaunchQueue } from '@hpa-lab/api/queue/bullmq';
import { TRAIN_QUEUE_NAME, type TrainJobData } from '@hpa-lab/contracts';
import { reconcileLaunchedRuns } from '@hpa-lab/api/reconciler';
import { sweepStaleRuns } from '@hpa-lab/api/sweeper';
import { REDIS_URL } from '@hpa-lab/api/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrainWorker, type TrainWorker } from '../src/queue/train-worker.ts';
import {
  isTerminal,
  launch,
  rawPointCount,
  readRun,
  startTestApi,
  temporaryHome,
  tinyConfig,
  waitFor,
  type TestApi,
} from './harness.ts';
import { graphql } from './generated/index.ts';

const trainerRoot = path.resolve(import.meta.dirname, '..');
let api: TestApi;
let home: Awaited<ReturnType<typeof temporaryHome>>;
const bull = () => (api.queue as ReturnType<typeof createBullmqLaunchQueue>).queue;

beforeAll(async () => {
  home = await temporaryHome();
  api = await startTestApi({ queue: 'bullmq', maxArtifactBytes: 64 * 1024 * 1024 });
});
afterAll(async () => {
  await api?.close();
  await home?.remove();
});

describe('the trainer worker', () => {
  let worker: TrainWorker;
  beforeAll(() => {
    worker = createTrainWorker({
      redisUrl: REDIS_URL,
      prefix: api.queuePrefix,
      concurrency: 1,
      api: { url: api.url, key: api.adminKey },
      home: home.dir,
      logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
      heartbeatIntervalMs: 250,
      metricFlushIntervalMs: 200,
      childLogLevel: 'warn',
    });
  });
  afterAll(() => worker?.close('test over'));

  it('uses the API queue name', () => {
    expect(bull().name).toBe(TRAIN_QUEUE_NAME);
    expect(worker.worker.name).toBe(TRAIN_QUEUE_NAME);
  });

  it('stops a run cancelled while training at its next heartbeat', async () => {
    const id = await launch(api, 'bull-cancel', tinyConfig({ epochs: 200, batchSize: 4 }));
    await waitFor(
      () => rawPointCount(api, id, 'train/loss'),
      (count) => count >= 3,
      'the first batches',
    );
    const cancelled = await api.gql(
      graphql(`
        mutation workerCancelRun($id: ID!) {
          cancelRun(id: $id, reason: "wrong loss") {
            status
          }
        }
      `),
      { id },
    );
    expect(cancelled.data!.cancelRun.status).toBe('CANCELLED');
    const job = await waitFor(
      async () => bull().getJob(id),
      (found) => found?.finishedOn !== undefined,
      'the job to finish',
    );
    expect(await job!.getState()).toBe('completed');
    expect(job!.returnvalue).toMatchObject({ status: 'CANCELLED' });
    const points = await rawPointCount(api, id, 'train/loss');
    expect(points).toBeLessThan(200 * 8);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(await rawPointCount(api, id, 'train/loss')).toBe(points);
    expect(await readRun(api, id)).toMatchObject({
      status: 'CANCELLED',
      errorMessage: 'wrong loss',
    });
  });

  it('fails a job with a bad config once, without retries, naming the field', async () => {
    const created = await api.gql(
      graphql(`
        mutation workerCreateRun($input: CreateRunInput!) {
          createRun(input: $input) {
            id
          }
        }
      `),
      { input: { projectId: api.projectId, name: 'bad-config', config: tinyConfig() } },
    );
    const id = created.data!.createRun.id;
    // A config the API would refuse reaches the worker only from an older or foreign
    // producer: the worker must not trust the queue.
    const bad = tinyConfig({ optimizer: { learningRate: -1 } });
    // Typed as the contract says, which is exactly what such a producer does not honour.
    const data = { runId: id, config: bad as unknown as TrainJobData['config'] };
    await bull().add('train', data, { jobId: id, attempts: 3 });
    const job = await waitFor(
      async () => bull().getJob(id),
      (found) => found?.finishedOn !== undefined,
      'the job to fail',
    );
    expect(await job!.getState()).toBe('failed');
    expect(job!.attemptsMade).toBe(1);
    expect(job!.failedReason).toContain('optimizer.learningRate');
    const run = await readRun(api, id);
    expect(run.status).toBe('FAILED');
    expect(run.errorMessage).toContain('optimizer.learningRate');
  });
});

function spawnWorker() {
  return spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
    cwd: trainerRoot,
    env: {
      PATH: process.env.PATH,
      REDIS_URL,
      QUEUE_PREFIX: api.queuePrefix,
      HPA_API_URL: api.url,
      HPA_API_KEY: api.adminKey,
      HPA_LAB_HOME: home.dir,
      HPA_HEARTBEAT_SECONDS: '0.25',
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
}

describe('a worker process', () => {
  it('killed while preparing the data leaves a run the reconciler fails, saying why', async () => {
    const child = spawnWorker();
    try {
      // Enough synthetic images that generating them keeps the run queued for a while.
      const config = tinyConfig({
        dataset: { cachePath: 'synthetic:count=3000,size=64,seed=9,rarity=0', splitSeed: 3 },
      });
      const id = await launch(api, 'killed while preparing', config);
      await waitFor(
        async () => (await bull().getJob(id))?.getState(),
        (state) => state === 'active',
        'the spawned worker to take the job',
      );
      expect((await readRun(api, id)).status).toBe('QUEUED');
      child.kill('SIGKILL');
      await once(child, 'exit');

      const reconcile = () =>
        reconcileLaunchedRuns(
          { db: api.database.prisma, queue: api.queue, logger: pino({ level: 'silent' }) },
          0,
        );
      // The worker's Redis connection is gone at once: its job is no longer counted active.
      const result = await waitFor(reconcile, (done) => done.failed.length > 0, 'the reconciler');
      expect(result.failed.map((run) => run.id)).toEqual([id]);
      const run = await readRun(api, id);
      expect(run.status).toBe('FAILED');
      expect(run.errorMessage).toMatch(/worker that took its job stopped before the run started/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('interrupts its run on SIGTERM, fails it with the reason and exits 0', async () => {
    const child = spawnWorker();
    try {
      const id = await launch(api, 'interrupted', tinyConfig({ epochs: 200, batchSize: 4 }));
      await waitFor(
        () => rawPointCount(api, id, 'train/loss'),
        (count) => count >= 2,
        'the spawned worker to train',
      );
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
      expect(await readRun(api, id)).toMatchObject({
        status: 'FAILED',
        errorMessage: 'training interrupted: worker received SIGTERM',
      });
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('killed mid-run leaves a run that the API sweeper marks failed, and no orphan', async () => {
    const child = spawnWorker();
    try {
      const id = await launch(api, 'doomed', tinyConfig({ epochs: 200, batchSize: 4 }));
      await waitFor(
        () => rawPointCount(api, id, 'train/loss'),
        (count) => count >= 2,
        'the spawned worker to train',
      );
      // The worker's children: the training process (and tsx's esbuild service).
      const listed = spawnSync('ps', ['-o', 'pid=,args=', '--ppid', String(child.pid)], {
        encoding: 'utf8',
      });
      const trainingPids = listed.stdout
        .split('\n')
        .filter((line) => line.includes('training-child.ts'))
        .map((line) => Number.parseInt(line.trim(), 10));
      expect(trainingPids).toHaveLength(1);
      child.kill('SIGKILL');

      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(await sweepStaleRuns(api.database.prisma, 1000)).toEqual([id]);
      const run = await waitFor(() => readRun(api, id), isTerminal, 'the run to be failed');
      expect(run.status).toBe('FAILED');
      expect(run.errorMessage).toMatch(/No heartbeat since .* the trainer probably crashed/);
      // The training child notices its parent is gone and exits.
      await waitFor(
        async () => {
          try {
            process.kill(trainingPids[0]!, 0);
            return true;
          } catch {
            return false;
          }
        },
        (alive) => !alive,
        'the orphaned training process to exit',
        10_000,
      );
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
