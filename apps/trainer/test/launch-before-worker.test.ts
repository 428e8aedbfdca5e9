// Team mode with no worker listening: a launched run waits in the queue as QUEUED (queueStatus
// says no worker listens; the API's reconciler neither fails nor re-enqueues it), and the
// trainer's real BullMQ worker, started only afterwards, takes it and trains it to the end.
import type { createBullmqLaunchQueue } from '@hpa-lab/api/queue/bullmq';
import { reconcileLaunchedRuns } from '@hpa-lab/api/reconciler';
import { REDIS_URL } from '@hpa-lab/api/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTrainWorker, type TrainWorker } from '../src/queue/train-worker.ts';
import {
  isTerminal,
  launch,
  readRun,
  startTestApi,
  temporaryHome,
  tinyConfig,
  waitFor,
  type TestApi,
} from './harness.ts';
import { graphql } from './generated/index.ts';

let api: TestApi;
let home: Awaited<ReturnType<typeof temporaryHome>>;
let worker: TrainWorker | undefined;
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

beforeAll(async () => {
  home = await temporaryHome();
  api = await startTestApi({ queue: 'bullmq', maxArtifactBytes: 64 * 1024 * 1024 });
});
afterAll(async () => {
  await worker?.close('test over');
  await api?.close();
  await home?.remove();
});

const QUEUE = graphql(`
  query launchBeforeWorkerQueue {
    queueStatus {
      waiting
      active
      workers
    }
  }
`);

it('keeps a run launched with no worker queued until a worker appears, which trains it', async () => {
  const id = await launch(api, 'waits for a worker', tinyConfig());
  expect((await api.gql(QUEUE)).data!.queueStatus).toEqual({ waiting: 1, active: 0, workers: 0 });

  // Past any grace period: the reconciler sees a waiting job, which is not a problem.
  const queue = api.queue as ReturnType<typeof createBullmqLaunchQueue>;
  const reconciled = await reconcileLaunchedRuns(
    { db: api.database.prisma, queue, logger },
    0,
    new Date(Date.now() + 60_000),
  );
  expect(reconciled).toEqual({ reenqueued: [], failed: [] });
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(await readRun(api, id)).toMatchObject({ status: 'QUEUED', backend: null });

  worker = createTrainWorker({
    redisUrl: REDIS_URL,
    prefix: api.queuePrefix,
    concurrency: 1,
    api: { url: api.url, key: api.adminKey },
    home: home.dir,
    logger,
    heartbeatIntervalMs: 250,
    metricFlushIntervalMs: 200,
    childLogLevel: 'warn',
  });
  const run = await waitFor(() => readRun(api, id), isTerminal, 'the run to finish', 120_000);
  expect(run).toMatchObject({ status: 'SUCCEEDED', errorMessage: null });
  expect(run.metricKeys).toContain('val/macro_f1');
  expect((await api.gql(QUEUE)).data!.queueStatus).toMatchObject({ waiting: 0, workers: 1 });
}, 180_000);
