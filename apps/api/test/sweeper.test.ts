// Crash detection: stale running runs are failed with a reason, exactly once even when several
// API instances sweep the same database at the same moment.
import os from 'node:os';
import { openDatabase, type Database } from '@hpa-lab/db';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSweeper, sweepStaleRuns } from '../src/services/sweeper.ts';
import { startTestApi, trainConfig, type TestApi } from './test-api.ts';
import { graphql } from './generated/index.ts';

const TIMEOUT_MS = 60_000;
let api: TestApi;
let secondInstance: Database;

async function runningRun(name: string, heartbeatAgeMs: number) {
  const created = await api.gql(
    graphql(`
      mutation sweeperCreateRun($input: CreateRunInput!) {
        createRun(input: $input) {
          id
        }
      }
    `),
    { input: { projectId: api.projectId, name, config: trainConfig() } },
  );
  const id = created.data!.createRun.id;
  await api.gql(
    graphql(`
      mutation sweeperStartRun($id: ID!) {
        startRun(id: $id) {
          id
        }
      }
    `),
    { id },
  );
  await api.database.prisma.run.update({
    where: { id },
    data: { heartbeatAt: new Date(Date.now() - heartbeatAgeMs) },
  });
  return id;
}

beforeAll(async () => {
  api = await startTestApi();
  secondInstance = await openDatabase({
    databaseUrl: api.database.url,
    home: os.tmpdir(),
    migrate: false,
  });
});
afterAll(async () => {
  await secondInstance?.close();
  await api?.close();
});

describe('sweepStaleRuns', () => {
  it('fails each stale run exactly once across concurrent sweepers and spares live runs', async () => {
    const stale = await Promise.all(
      [0, 1, 2, 3, 4, 5].map((i) => runningRun(`stale-${i}`, TIMEOUT_MS + 5_000)),
    );
    const live = await runningRun('live', 1_000);
    const queued = await api.gql(
      graphql(`
        mutation sweeperCreateRun2($input: CreateRunInput!) {
          createRun(input: $input) {
            id
          }
        }
      `),
      { input: { projectId: api.projectId, name: 'queued', config: trainConfig() } },
    );

    const [first, second] = await Promise.all([
      sweepStaleRuns(api.database.prisma, TIMEOUT_MS),
      sweepStaleRuns(secondInstance.prisma, TIMEOUT_MS),
    ]);
    expect([...first, ...second].sort()).toEqual([...stale].sort());
    expect(first.filter((id) => second.includes(id))).toEqual([]);

    const read = await api.gql(
      graphql(`
        query sweeperRun($id: ID!) {
          run(id: $id) {
            status
            errorMessage
            finishedAt
          }
        }
      `),
      { id: stale[0]! },
    );
    expect(read.data!.run!.status).toBe('FAILED');
    expect(read.data!.run!.errorMessage).toMatch(/No heartbeat since .* \(timeout 60 s\)/);
    expect(read.data!.run!.finishedAt).toBeTruthy();

    const statuses = await api.database.prisma.run.findMany({
      where: { id: { in: [live, queued.data!.createRun.id] } },
      select: { status: true },
    });
    expect(statuses.map((s) => s.status).sort()).toEqual(['queued', 'running']);
    expect(await sweepStaleRuns(api.database.prisma, TIMEOUT_MS)).toEqual([]);
  });

  it('lets a late heartbeat of a swept run see that it failed', async () => {
    const id = await runningRun('late', TIMEOUT_MS * 2);
    await sweepStaleRuns(api.database.prisma, TIMEOUT_MS);
    const beat = await api.gql(
      graphql(`
        mutation sweeperHeartbeat($id: ID!) {
          heartbeat(id: $id) {
            status
          }
        }
      `),
      { id },
    );
    expect(beat.data!.heartbeat.status).toBe('FAILED');
  });

  it('runs on a timer', async () => {
    const id = await runningRun('timer', TIMEOUT_MS * 2);
    const sweeper = startSweeper({
      db: api.database.prisma,
      logger: pino({ level: 'silent' }),
      timeoutMs: TIMEOUT_MS,
      intervalMs: 20,
      startupGraceMs: 0,
    });
    try {
      for (let i = 0; i < 500; i += 1) {
        const run = await api.database.prisma.run.findUniqueOrThrow({ where: { id } });
        if (run.status === 'failed') break;
        await new Promise((r) => setTimeout(r, 20));
      }
      expect((await api.database.prisma.run.findUniqueOrThrow({ where: { id } })).status).toBe(
        'failed',
      );
    } finally {
      sweeper.stop();
    }
  });
});
