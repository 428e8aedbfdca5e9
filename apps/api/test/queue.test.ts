// The launch queue through HTTP: BullMQ on the real Redis (a unique key prefix per run of this
// file) and the in-process queue with an injected processor.
import { TRAIN_QUEUE_NAME, type TrainJobData } from '@hpa-lab/contracts';
import { Worker, type Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { createBullmqLaunchQueue } from '../src/queue/bullmq-launch-queue.ts';
import { REDIS_URL, errorCode, startTestApi, trainConfig, type TestApi } from './test-api.ts';
import { graphql } from './generated/index.ts';

const LAUNCH = graphql(`
  mutation queueLaunchRun($input: LaunchRunInput!) {
    launchRun(input: $input) {
      id
      status
      config
      splitSeed
      datasetFingerprint
    }
  }
`);
const CANCEL = graphql(`
  mutation queueCancelRun($id: ID!) {
    cancelRun(id: $id, reason: "wrong loss") {
      id
      status
      errorMessage
    }
  }
`);
const STATUS = graphql(`
  query queueQueueStatus {
    queueStatus {
      kind
      waiting
      active
      workers
      workerCommand
    }
  }
`);

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

async function waitFor(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 600; i += 1) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('BullMQ queue', () => {
  let api: TestApi;
  let member: { id: string; key: string };
  const launch = (name: string, config: Record<string, unknown> = trainConfig()) =>
    api.gql(LAUNCH, { input: { projectId: api.projectId, name, config } }, member.key);
  const bull = () => (api.queue as ReturnType<typeof createBullmqLaunchQueue>).queue;

  beforeAll(async () => {
    api = await startTestApi({ queue: 'bullmq' });
    member = await api.member('MEMBER');
  });
  afterAll(() => api?.close());

  it('validates the config, creates a queued run and enqueues a job keyed by the run id', async () => {
    const response = await launch('bull-1');
    expect(response.errors).toBeUndefined();
    const run = response.data!.launchRun;
    expect(run).toMatchObject({ status: 'QUEUED', splitSeed: 7, config: { epochs: 10 } });
    const job = await bull().getJob(run.id);
    expect(job?.data.runId).toBe(run.id);
    expect(job?.data.config).toMatchObject({ inputSize: 64, batchSize: 16 });
    const status = await api.gql(STATUS, {}, member.key);
    expect(status.data!.queueStatus).toEqual({
      kind: 'bullmq',
      waiting: 1,
      active: 0,
      workers: 0,
      // What a member runs to give this queue a worker: its Redis and prefix, exactly.
      workerCommand: `REDIS_URL=${REDIS_URL} QUEUE_PREFIX=${api.queuePrefix} HPA_API_KEY=hpa_... npm run worker -w @hpa-lab/trainer`,
    });
  });

  it('refuses an invalid config without creating a run or a job', async () => {
    const runsBefore = await api.database.prisma.run.count();
    const response = await launch('bad', trainConfig({ model: { name: 'vgg' } }));
    expect(errorCode(response)).toBe('CONFIG_INVALID');
    expect(response.errors![0]!.message).toContain('input.config.model');
    expect(await api.database.prisma.run.count()).toBe(runsBefore);
    expect(await bull().count()).toBe(1);
  });

  it('removes a waiting job on cancel', async () => {
    const run = (await launch('bull-cancel')).data!.launchRun;
    const cancelled = await api.gql(CANCEL, { id: run.id }, member.key);
    expect(cancelled.data!.cancelRun).toMatchObject({
      status: 'CANCELLED',
      errorMessage: 'wrong loss',
    });
    expect(await bull().getJob(run.id)).toBeUndefined();
    const again = await api.gql(CANCEL, { id: run.id }, member.key);
    expect(errorCode(again)).toBe('INVALID_STATE');
  });

  it('counts live workers and signals an active job through the run status', async () => {
    const release = deferred();
    const picked: string[] = [];
    const worker = new Worker<TrainJobData>(
      TRAIN_QUEUE_NAME,
      async (job: Job<TrainJobData>) => {
        picked.push(job.data.runId);
        await release.promise;
      },
      { connection: { url: REDIS_URL }, prefix: api.queuePrefix, concurrency: 1 },
    );
    try {
      await waitFor(async () => picked.length === 1, 'the worker to pick the first job');
      const status = await api.gql(STATUS, {}, member.key);
      expect(status.data!.queueStatus).toMatchObject({ workers: 1, active: 1, waiting: 0 });
      const runId = picked[0]!;
      await api.gql(
        graphql(`
          mutation queueStartRun($id: ID!) {
            startRun(id: $id) {
              id
            }
          }
        `),
        { id: runId },
        member.key,
      );
      const cancelled = await api.gql(CANCEL, { id: runId }, member.key);
      expect(cancelled.data!.cancelRun.status).toBe('CANCELLED');
      // The trainer learns it at its next heartbeat.
      const beat = await api.gql(
        graphql(`
          mutation queueHeartbeat($id: ID!) {
            heartbeat(id: $id) {
              status
            }
          }
        `),
        { id: runId },
        member.key,
      );
      expect(beat.data!.heartbeat.status).toBe('CANCELLED');
    } finally {
      release.resolve();
      await worker.close();
    }
  });
});

describe('in-process queue', () => {
  let api: TestApi;
  const seen: { runId: string; signal: AbortSignal; api?: { url: string; key: string } }[] = [];
  const gates = new Map<string, () => void>();

  beforeAll(async () => {
    api = await startTestApi({
      queue: 'in-process',
      processor: async (job, { signal, api: connection }) => {
        seen.push({ runId: job.runId, signal, ...(connection ? { api: connection } : {}) });
        const config = job.config as { epochs: number };
        if (config.epochs === 13) throw new Error('boom: out of memory');
        await new Promise<void>((resolve) => {
          gates.set(job.runId, resolve);
          signal.addEventListener('abort', () => resolve());
        });
      },
    });
  });
  afterAll(() => api?.close());

  const launch = (name: string, config = trainConfig()) =>
    api.gql(LAUNCH, { input: { projectId: api.projectId, name, config } });

  it('runs one job at a time through the injected processor and cancels the active one', async () => {
    const first = (await launch('local-1')).data!.launchRun.id;
    const second = (await launch('local-2')).data!.launchRun.id;
    await waitFor(async () => seen.length === 1, 'the first job to start');
    expect(seen[0]!.runId).toBe(first);
    const status = await api.gql(STATUS);
    expect(status.data!.queueStatus).toEqual({
      kind: 'in-process',
      waiting: 1,
      active: 1,
      workers: 1,
      workerCommand: 'npm start',
    });

    const cancelled = await api.gql(CANCEL, { id: first });
    expect(cancelled.data!.cancelRun.status).toBe('CANCELLED');
    expect(seen[0]!.signal.aborted).toBe(true);
    await waitFor(async () => seen.length === 2, 'the second job to start');
    expect(seen[1]!.runId).toBe(second);
    gates.get(second)!();
  });

  it('marks the run failed when the processor throws', async () => {
    const runId = (await launch('local-fail', trainConfig({ epochs: 13 }))).data!.launchRun.id;
    await waitFor(async () => {
      const run = await api.database.prisma.run.findUniqueOrThrow({ where: { id: runId } });
      return run.status === 'failed';
    }, 'the run to be marked failed');
    const run = await api.database.prisma.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run.errorMessage).toContain('boom: out of memory');
  });

  it('gives the processor a key of the run owner that is revoked when the job ends', async () => {
    const member = await api.member('MEMBER');
    const launched = await api.gql(
      LAUNCH,
      { input: { projectId: api.projectId, name: 'keyed', config: trainConfig() } },
      member.key,
    );
    const runId = launched.data!.launchRun.id;
    await waitFor(async () => seen.some((job) => job.runId === runId), 'the job to start');
    const job = seen.find((entry) => entry.runId === runId)!;
    expect(job.api!.url).toBe(api.url);
    const me = await api.gql(
      graphql(`
        query queueMe {
          me {
            id
          }
        }
      `),
      {},
      job.api!.key,
    );
    expect(me.data!.me.id).toBe(member.id);
    const started = await api.gql(
      graphql(`
        mutation queueStartRun2($id: ID!) {
          startRun(id: $id) {
            status
          }
        }
      `),
      { id: runId },
      job.api!.key,
    );
    expect(started.data!.startRun.status).toBe('RUNNING');
    gates.get(runId)!();
    await waitFor(
      async () =>
        (
          await api.gql(
            graphql(`
              query queueMe2 {
                me {
                  id
                }
              }
            `),
            {},
            job.api!.key,
          )
        ).status === 401,
      'the key to be revoked',
    );
  });
});
