// The trainer against a real API process (apps/api's src/main.ts on PostgreSQL) that is SIGKILLed
// (or SIGTERMed) mid-run and started again on the same port after 60 s (15 s): the run rides the outage out (its API
// calls retry with backoff for HPA_API_RETRY_SECONDS) and ends as it would have, every metric
// point written exactly once; the API's restarted sweeper (heartbeat timeout 20 s) leaves it be.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  apiChildEnv,
  bootstrapAdmin,
  freePort,
  startApiProcess,
  type ApiProcess,
} from '@hpa-lab/api/testing';
import { createTestDatabase, type TestDatabase } from '@hpa-lab/db/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrainerApi } from '../src/api-client/index.ts';
import { executeRun } from '../src/run/execute-run.ts';
import { temporaryHome, tinyConfig } from './harness.ts';

/** How long the API stays down: the goal is at least 60 s. */
const OUTAGE_MS = 60_000;

let database: TestDatabase;
let home: Awaited<ReturnType<typeof temporaryHome>>;
let apiHome: string;
let env: NodeJS.ProcessEnv;
let server: ApiProcess | undefined;
let key: string;

beforeAll(async () => {
  database = await createTestDatabase();
  home = await temporaryHome();
  apiHome = await mkdtemp(path.join(os.tmpdir(), 'hpa-trainer-outage-api-'));
  env = apiChildEnv({
    DATABASE_URL: database.url,
    HPA_LAB_HOME: apiHome,
    ARTIFACT_DIR: path.join(apiHome, 'artifacts'),
    PORT: String(await freePort()),
    HEARTBEAT_TIMEOUT_SECONDS: '20',
    SWEEP_INTERVAL_SECONDS: '1',
  });
  server = await startApiProcess(env);
  const admin = await bootstrapAdmin(database.prisma, { email: 'a@test.local', name: 'A' });
  key = admin!.secret;
});
afterAll(async () => {
  await server?.stop('SIGKILL');
  await database?.drop();
  await home?.remove();
  await rm(apiHome, { recursive: true, force: true });
});

describe('an API outage during training', () => {
  // SIGKILL for the 60 s; SIGTERM (the API closes its connections in the middle of
  // requests) for a shorter outage, to keep the suite's time down.
  it.each([
    { signal: 'SIGKILL' as const, outageMs: OUTAGE_MS },
    { signal: 'SIGTERM' as const, outageMs: 15_000 },
  ])(
    'is ridden out ($signal, $outageMs ms): no point lost or doubled, the run succeeds with its model',
    async ({ signal, outageMs }) => {
      const api = createTrainerApi({ url: server!.url, key });
      const [project] = await api.projects();
      const config = tinyConfig({ epochs: 4, earlyStopping: { patience: 10, minDelta: 0 } });
      const run = await api.createRun({ projectId: project!.id, name: `outage ${signal}`, config });
      const db = database.prisma;

      let outage: Promise<void> | undefined;
      let pointsBeforeKill = 0;
      let downMs = 0;
      const epochs: number[] = [];
      const outcome = await executeRun({
        runId: run.id,
        config,
        api,
        home: home.dir,
        logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
        childLogLevel: 'warn',
        heartbeatIntervalMs: 1000,
        metricFlushIntervalMs: 200,
        onProgress: (event) => {
          if (event.type !== 'epoch') return;
          epochs.push(event.summary.epoch);
          // After the first epoch: the API dies and is back after outageMs.
          outage ??= (async () => {
            pointsBeforeKill = await db.metricPoint.count({ where: { runId: run.id } });
            const killedAt = Date.now();
            await server!.stop(signal);
            await new Promise((resolve) => setTimeout(resolve, outageMs));
            server = await startApiProcess(env);
            downMs = Date.now() - killedAt;
          })();
        },
      });
      await outage;
      expect(downMs).toBeGreaterThanOrEqual(outageMs);

      expect(outcome.status).toBe('SUCCEEDED');
      expect(epochs).toEqual([0, 1, 2, 3]);
      const stored = await db.run.findUniqueOrThrow({ where: { id: run.id } });
      expect(stored.status).toBe('succeeded');
      expect(stored.bestMacroF1).not.toBeNull();
      const points = await db.metricPoint.findMany({
        where: { runId: run.id },
        orderBy: [{ key: 'asc' }, { step: 'asc' }],
      });
      // Every point the trainer counted as written is there once (the key is (run, key, step)).
      expect(points.length).toBe(outcome.metricPoints);
      expect(points.length).toBeGreaterThan(pointsBeforeKill);
      const stepsOf = (metric: string) =>
        points.filter((point) => point.key === metric).map((point) => point.step);
      const batchSteps = stepsOf('train/loss');
      // No batch lost: steps 0..n-1, each once, for every per-batch curve.
      expect(batchSteps).toEqual(batchSteps.map((_, index) => index));
      expect(stepsOf('train/learning_rate')).toEqual(batchSteps);
      // The four epochs' evaluations and the model, uploaded after the outage.
      expect(await db.evaluation.count({ where: { runId: run.id } })).toBe(4);
      const artifacts = await db.artifact.findMany({ where: { runId: run.id } });
      expect(artifacts.map((artifact) => artifact.kind)).toContain('model');

      if (process.env.FAULT_DRILL_OUT) {
        await writeFile(
          process.env.FAULT_DRILL_OUT,
          `${JSON.stringify({ signal, outageSurvivedMs: downMs, points: points.length })}\n`,
          { flag: 'a' },
        );
      }
    },
    240_000,
  );
});
