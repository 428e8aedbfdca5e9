// Live updates in embedded mode: the API on PGlite, where the same triggers NOTIFY and PGlite's
// own listen() delivers them to the one process.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '@hpa-lab/db';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type RunningApi } from '../src/app.ts';
import { createInProcessLaunchQueue } from '../src/queue/in-process-launch-queue.ts';
import { bootstrapAdmin } from '../src/services/members.ts';
import { createLocalArtifactStore } from '../src/store/local-artifact-store.ts';
import { graphqlAt } from './child-processes.ts';
import { subscribeLive } from './live-client.ts';
import {
  LIVE_CREATE_RUN,
  LIVE_FINISH_RUN,
  LIVE_LOG_METRICS,
  LIVE_START_RUN,
  RUN_EVENTS,
  points,
} from './live-documents.ts';
import { trainConfig } from './test-api.ts';

let home: string;
let database: Database;
let api: RunningApi;
let key: string;
let projectId: string;

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'hpa-live-embedded-'));
  database = await openDatabase({ home });
  expect(database.kind).toBe('pglite');
  const logger = pino({ level: 'silent' });
  api = await startApi(
    {
      db: database.prisma,
      queue: createInProcessLaunchQueue({ logger }),
      store: createLocalArtifactStore(path.join(home, 'artifacts')),
      logger,
      production: false,
      maxArtifactBytes: 1024,
      notifications: database.notifications,
    },
    0,
  );
  const admin = await bootstrapAdmin(database.prisma, { email: 'e@test.local', name: 'E' });
  key = admin!.secret;
  projectId = admin!.project.id;
});

afterAll(async () => {
  await api?.close();
  await database?.close();
  await rm(home, { recursive: true, force: true });
});

describe('live updates on embedded PGlite', () => {
  it('streams a run through PGlite listen, in order, to its end', async () => {
    const created = await graphqlAt(api.url, key, LIVE_CREATE_RUN, {
      input: { projectId, name: 'embedded live', config: trainConfig() },
    });
    const runId = created.data!.createRun.id;
    await graphqlAt(api.url, key, LIVE_START_RUN, { id: runId });
    const live = subscribeLive(api.url, key, RUN_EVENTS, { runId });
    await live.until((results) => results.length >= 1);
    for (let batch = 0; batch < 5; batch += 1) {
      await graphqlAt(api.url, key, LIVE_LOG_METRICS, {
        runId,
        points: points('loss', batch * 4, 4),
      });
    }
    await graphqlAt(api.url, key, LIVE_FINISH_RUN, { id: runId });
    expect(await live.ended).toBeNull();
    const steps = live.results.flatMap((r) => r.data?.runEvents.points ?? []).map((p) => p.step);
    expect(steps).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(live.results.at(-1)!.data?.runEvents.run?.status).toBe('SUCCEEDED');
  });
});
