// A cancel reaches a training run within about one batch, long before its next heartbeat: the
// orchestrator reads the run's status once per batch the child reports (one read at a time) and
// asks the child to stop, which it does at its next batch boundary. The heartbeat period (10 min)
// is longer than the whole test, so the run never heartbeats. The stop is graceful: no kill, no
// refused upload or finishRun, nothing logged as an error.
import { readFile, writeFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrainerApi, type TrainerApi } from '../src/api-client/index.ts';
import { executeRun } from '../src/run/execute-run.ts';
import type { RunProgress } from '../src/run/run-progress.ts';
import { startTestApi, temporaryHome, tinyConfig, type TestApi } from './harness.ts';

let api: TestApi;
let home: Awaited<ReturnType<typeof temporaryHome>>;

beforeAll(async () => {
  api = await startTestApi({ maxArtifactBytes: 64 * 1024 * 1024 });
  home = await temporaryHome();
});
afterAll(async () => {
  await api?.close();
  await home?.remove();
});

/** The client, counting the calls of each operation. */
function countingApi(client: TrainerApi): { api: TrainerApi; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const counted = new Proxy(client, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.set(String(name), (calls.get(String(name)) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { api: counted, calls };
}

describe('cancelling between heartbeats', () => {
  it('stops the child within one batch of the cancel reaching it, gracefully', async () => {
    const { api: client, calls } = countingApi(
      createTrainerApi({ url: api.url, key: api.adminKey }),
    );
    // Many short batches: 200 samples in batches of 4, ~40 batches an epoch.
    const config = tinyConfig({
      epochs: 50,
      batchSize: 4,
      dataset: { cachePath: 'synthetic:count=200,size=32,seed=5,rarity=0', splitSeed: 3 },
    });
    const run = await client.createRun({ projectId: api.projectId, name: 'cancel', config });
    const db = api.database.prisma;
    const pointCount = () => db.metricPoint.count({ where: { runId: run.id } });

    const errors: string[] = [];
    const logger = pino(
      { level: 'info' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          const line = JSON.parse(chunk.toString()) as { level: number; msg: string };
          if (line.level >= 50) errors.push(line.msg);
          done();
        },
      }),
    );
    let trainingFrom = 0;
    let cancelledAt = 0;
    let reads = 0;
    let stoppedAt = 0;
    let stopped: Extract<RunProgress, { type: 'stopped' }> | undefined;
    const cancel = () => {
      // From the moment the member's request leaves: the latency includes the mutation.
      cancelledAt = Date.now();
      void api.gql(`mutation ($id: ID!) { cancelRun(id: $id, reason: "enough") { id } }`, {
        id: run.id,
      });
    };
    const outcome = await executeRun({
      runId: run.id,
      config,
      api: {
        ...client,
        // Cancelled mid-training, once the orchestrator has read the status for 20 batches.
        runStatus: (id) => {
          reads += 1;
          if (reads === 20) cancel();
          return client.runStatus(id);
        },
      },
      home: home.dir,
      logger,
      childLogLevel: 'warn',
      heartbeatIntervalMs: 600_000,
      onProgress: (event) => {
        if (event.type === 'dataset') trainingFrom = Date.now();
        if (event.type === 'stopped') {
          stoppedAt = Date.now();
          stopped = event;
        }
      },
    });
    const closedAt = Date.now();

    expect(outcome.status).toBe('CANCELLED');
    expect(outcome.errorMessage).toBe('enough');
    const stored = await db.run.findUniqueOrThrow({ where: { id: run.id } });
    expect(stored.status).toBe('cancelled');
    // Never a heartbeat: startRun set heartbeatAt, nothing moved it.
    expect(stored.heartbeatAt).toEqual(stored.startedAt);
    // The child stopped gracefully, at most one batch (the one in flight) after the request.
    expect(stopped).toBeDefined();
    expect(stopped!.stepsAfterStopRequest).not.toBeNull();
    expect(stopped!.stepsAfterStopRequest).toBeLessThanOrEqual(1);
    // Far from the 50 epochs (about 2,000 batches) it was given.
    expect(stopped!.steps).toBeGreaterThanOrEqual(20);
    expect(stopped!.steps).toBeLessThan(500);
    // Nothing was written to the finished run: no upload, no finishRun, no error logged, and
    // the stored points stay as they are.
    expect(calls.get('uploadArtifact') ?? 0).toBe(0);
    expect(calls.get('finishRun') ?? 0).toBe(0);
    expect(errors).toEqual([]);
    expect(await db.artifact.count({ where: { runId: run.id } })).toBe(0);
    const after = await pointCount();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await pointCount()).toBe(after);

    if (process.env.FAULT_DRILL_OUT) {
      await writeFile(
        process.env.FAULT_DRILL_OUT,
        `${JSON.stringify({
          cancelToChildStoppedMs: stoppedAt - cancelledAt,
          cancelToClosedMs: closedAt - cancelledAt,
          meanBatchMs: Math.round((stoppedAt - trainingFrom) / stopped!.steps),
          loadAverage: (await readFile('/proc/loadavg', 'utf8')).split(' ')[0],
          steps: stopped!.steps,
          stepsAfterStopRequest: stopped!.stepsAfterStopRequest,
          statusReads: calls.get('runStatus') ?? 0,
          metricCalls: calls.get('logMetrics') ?? 0,
        })}\n`,
        { flag: 'a' },
      );
    }
  }, 180_000);
});
