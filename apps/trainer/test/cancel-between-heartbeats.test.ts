// A cancel reaches a run long before its next heartbeat: the API refuses the next metric batch
// of a cancelled run (INVALID_STATE), which stops the training child at once. The heartbeat
// period here (60 s) is longer than the whole test, and the run never heartbeats.
import { writeFile } from 'node:fs/promises';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrainerApi } from '../src/api-client/index.ts';
import { executeRun } from '../src/run/execute-run.ts';
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

describe('cancelling between heartbeats', () => {
  it('stops the run within a metric flush, before any heartbeat', async () => {
    const client = createTrainerApi({ url: api.url, key: api.adminKey });
    const config = tinyConfig({ epochs: 300, batchSize: 4 });
    const run = await client.createRun({ projectId: api.projectId, name: 'cancel', config });
    const db = api.database.prisma;
    const pointCount = () => db.metricPoint.count({ where: { runId: run.id } });

    let cancelledAt = 0;
    const running = executeRun({
      runId: run.id,
      config,
      api: client,
      home: home.dir,
      logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
      childLogLevel: 'warn',
      heartbeatIntervalMs: 60_000,
      onProgress: (event) => {
        if (event.type !== 'epoch' || cancelledAt) return;
        cancelledAt = Date.now();
        void api.gql(`mutation ($id: ID!) { cancelRun(id: $id, reason: "enough") { id } }`, {
          id: run.id,
        });
      },
    });
    const outcome = await running;
    const stoppedAfterMs = Date.now() - cancelledAt;

    expect(outcome.status).toBe('CANCELLED');
    expect(outcome.errorMessage).toBe('enough');
    const stored = await db.run.findUniqueOrThrow({ where: { id: run.id } });
    expect(stored.status).toBe('cancelled');
    // Never a heartbeat: startRun set heartbeatAt, nothing moved it.
    expect(stored.heartbeatAt).toEqual(stored.startedAt);
    // Far from the 300 epochs it was given, and nothing is written after the stop.
    const epochs = await db.metricPoint.count({
      where: { runId: run.id, key: 'train/epoch_loss' },
    });
    expect(epochs).toBeLessThan(10);
    const after = await pointCount();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await pointCount()).toBe(after);

    if (process.env.FAULT_DRILL_OUT) {
      await writeFile(
        process.env.FAULT_DRILL_OUT,
        `${JSON.stringify({ cancelToStoppedMs: stoppedAfterMs, epochs })}\n`,
        { flag: 'a' },
      );
    }
  }, 120_000);
});
