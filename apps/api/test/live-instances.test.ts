// Live updates across API instances: two API processes (src/main.ts) on one PostgreSQL, a
// trainer writing through A, subscribers on B. Every point arrives exactly once and in order,
// a subscriber that reconnects with its last steps gets what it missed, and a key revoked
// through A ends its subscriptions on B.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@hpa-lab/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiChildEnv, graphqlAt, startApiProcess, type ApiProcess } from './child-processes.ts';
import { subscribeLive, type LiveError } from './live-client.ts';
import {
  LIVE_CREATE_MEMBER_KEY,
  LIVE_CREATE_RUN,
  LIVE_FINISH_RUN,
  LIVE_LOG_EVALUATION,
  LIVE_LOG_METRICS,
  LIVE_REVOKE_KEY,
  LIVE_START_RUN,
  PROJECT_RUN_CHANGES,
  RUN_EVENTS,
  points,
} from './live-documents.ts';
import { bootstrapAdmin, evaluationInput, trainConfig } from './test-api.ts';

let database: TestDatabase;
let home: string;
let a: ApiProcess;
let b: ApiProcess;
let key: string;
let projectId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  home = await mkdtemp(path.join(os.tmpdir(), 'hpa-live-'));
  const admin = await bootstrapAdmin(database.prisma, { email: 'live@test.local', name: 'Live' });
  if (!admin) throw new Error('expected a fresh database');
  key = admin.secret;
  projectId = admin.project.id;
  const env = apiChildEnv({
    DATABASE_URL: database.url,
    HPA_LAB_HOME: home,
    PORT: '0',
    SWEEP_INTERVAL_SECONDS: '3600',
  });
  [a, b] = await Promise.all([startApiProcess(env), startApiProcess(env)]);
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await database?.drop();
  await rm(home, { recursive: true, force: true });
});

async function startedRun(name: string): Promise<string> {
  const created = await graphqlAt(a.url, key, LIVE_CREATE_RUN, {
    input: { projectId, name, config: trainConfig() },
  });
  const runId = created.data!.createRun.id;
  await graphqlAt(a.url, key, LIVE_START_RUN, { id: runId });
  return runId;
}

async function log(runId: string, batch: ReturnType<typeof points>) {
  const result = await graphqlAt(a.url, key, LIVE_LOG_METRICS, { runId, points: batch });
  expect(result.errors).toBeUndefined();
}

type RunDeliveries = {
  data?: { runEvents: { points: { key: string; step: number }[] } } | null;
}[];

/** The steps of `key` in every delivery, in the order they came. */
function stepsOf(results: RunDeliveries, key: string): number[] {
  return results
    .flatMap((result) => result.data?.runEvents.points ?? [])
    .filter((point) => point.key === key)
    .map((point) => point.step);
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('live updates across two API instances', () => {
  it('delivers every point logged through A to a subscriber on B once, in order', async () => {
    const runId = await startedRun('live across');
    const live = subscribeLive(b.url, key, RUN_EVENTS, { runId });
    // The first delivery is the run's state at subscription time.
    await live.until((results) => results.length >= 1);
    expect(live.results[0]!.data?.runEvents.run?.status).toBe('RUNNING');

    for (let batch = 0; batch < 20; batch += 1) {
      const loss = points('train/loss', batch * 10, 10);
      await log(runId, batch % 5 === 4 ? [...loss, ...points('val/macro_f1', batch, 1)] : loss);
      // A trainer retrying a batch after a timeout rewrites it: nothing is delivered twice.
      if (batch === 7) await log(runId, loss);
    }
    const evaluation = await graphqlAt(a.url, key, LIVE_LOG_EVALUATION, {
      input: evaluationInput(runId, 0.4, { step: 199 }),
    });
    expect(evaluation.errors).toBeUndefined();
    await graphqlAt(a.url, key, LIVE_FINISH_RUN, { id: runId });

    // The stream ends after the delivery that says the run ended.
    expect(await live.ended).toBeNull();
    expect(stepsOf(live.results, 'train/loss')).toEqual(range(0, 199));
    expect(stepsOf(live.results, 'val/macro_f1')).toEqual([4, 9, 14, 19]);
    const evaluations = live.results.flatMap((r) => r.data?.runEvents.evaluations ?? []);
    expect(evaluations.map((e) => e.macroF1)).toEqual([0.4]);
    const states = live.results.flatMap((r) =>
      r.data?.runEvents.run ? [r.data.runEvents.run] : [],
    );
    expect(states.at(-1)).toMatchObject({ status: 'SUCCEEDED', bestMacroF1: 0.4 });
    expect(states.at(-1)!.durationMs).toBeGreaterThanOrEqual(0);
    // The evaluation and the final status come after the last point, as they were written.
    const last = live.results.at(-1)!.data!.runEvents;
    expect(last.run?.status).toBe('SUCCEEDED');
    live.dispose();
  });

  it('gives a subscriber that reconnects with its last steps what it missed, once', async () => {
    const runId = await startedRun('live resume');
    const first = subscribeLive(b.url, key, RUN_EVENTS, { runId });
    await first.until((results) => results.length >= 1);
    await log(runId, points('train/loss', 0, 30));
    await log(runId, points('val/macro_f1', 0, 3));
    await first.until((results) => stepsOf(results, 'train/loss').at(-1) === 29);
    await first.until((results) => stepsOf(results, 'val/macro_f1').at(-1) === 2);
    first.dispose();
    const seenLoss = stepsOf(first.results, 'train/loss');
    const seenF1 = stepsOf(first.results, 'val/macro_f1');

    // Logged while nobody listened: a new key too, which the cursor does not name.
    await log(runId, points('train/loss', 30, 40));
    await log(runId, [...points('val/macro_f1', 3, 2), ...points('train/lr', 0, 5)]);

    const again = subscribeLive(b.url, key, RUN_EVENTS, {
      runId,
      after: [
        { key: 'train/loss', step: seenLoss.at(-1)! },
        { key: 'val/macro_f1', step: seenF1.at(-1)! },
      ],
    });
    await again.until((results) => stepsOf(results, 'train/loss').at(-1) === 69);
    // And live again after the replay.
    await log(runId, points('train/loss', 70, 10));
    await graphqlAt(a.url, key, LIVE_FINISH_RUN, { id: runId });
    expect(await again.ended).toBeNull();

    expect([...seenLoss, ...stepsOf(again.results, 'train/loss')]).toEqual(range(0, 79));
    expect([...seenF1, ...stepsOf(again.results, 'val/macro_f1')]).toEqual(range(0, 4));
    expect(stepsOf(again.results, 'train/lr')).toEqual(range(0, 4));
  });

  it('ends the subscriptions of a key revoked through another instance, and only those', async () => {
    const runId = await startedRun('live revoke');
    const created = await graphqlAt(a.url, key, LIVE_CREATE_MEMBER_KEY, { name: 'to revoke' });
    const { apiKey, secret } = created.data!.createApiKey;
    const doomed = subscribeLive(b.url, secret, RUN_EVENTS, { runId });
    const doomedList = subscribeLive(b.url, secret, PROJECT_RUN_CHANGES, { projectId });
    const other = subscribeLive(b.url, key, RUN_EVENTS, { runId });
    // Every project's changes (the dashboard's runs table lists all projects).
    const everyProject = subscribeLive(b.url, key, PROJECT_RUN_CHANGES, {});
    await doomed.until((results) => results.length >= 1);
    await other.until((results) => results.length >= 1);
    // The project stream has no first delivery: a change proves it is listening.
    await graphqlAt(a.url, key, LIVE_CREATE_RUN, {
      input: { projectId, name: 'live revoke probe', config: trainConfig() },
    });
    await doomedList.until((results) => results.length >= 1);
    await everyProject.until((results) => results.length >= 1);
    for (const list of [doomedList, everyProject]) {
      expect(list.results[0]!.data?.projectRunChanges).toMatchObject({
        created: true,
        run: { name: 'live revoke probe', status: 'QUEUED' },
      });
    }
    everyProject.dispose();

    await graphqlAt(a.url, key, LIVE_REVOKE_KEY, { id: apiKey.id });
    expect(await doomed.ended).toBeNull();
    expect(await doomedList.ended).toBeNull();
    const ends = [doomed.results.at(-1)!, doomedList.results.at(-1)!];
    for (const end of ends) {
      const error = end.errors?.[0] as LiveError | undefined;
      expect(error?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(error?.message).toMatch(/revoked/);
    }

    await log(runId, points('train/loss', 0, 5));
    await other.until((results) => stepsOf(results, 'train/loss').length === 5);
    other.dispose();
  });
});
