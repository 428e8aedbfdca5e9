// The heartbeat loop against the real API: while the data is prepared the run is still queued
// (startRun waits for the dataset fingerprint), and the loop must already notice a cancel; once
// started it keeps the run's heartbeatAt fresh.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrainerApi, type RunStatus, type TrainerApi } from '../src/api-client/index.ts';
import { startHeartbeats } from '../src/run/heartbeat.ts';
import { startTestApi, tinyConfig, waitFor, type TestApi } from './harness.ts';
import { graphql } from './generated/index.ts';

let api: TestApi;
let client: TrainerApi;
const logger = pino({ level: 'silent' });

beforeAll(async () => {
  api = await startTestApi();
  client = createTrainerApi({ url: api.url, key: api.adminKey });
});
afterAll(() => api?.close());

async function newRun(name: string): Promise<string> {
  const run = await client.createRun({ projectId: api.projectId, name, config: tinyConfig() });
  return run.id;
}

/** The real client, counting its status reads: begun, and answered. */
function countingClient(): { api: TrainerApi; reads: () => number; answered: () => number } {
  let reads = 0;
  let answered = 0;
  const api: TrainerApi = {
    ...client,
    runStatus: async (id) => {
      reads += 1;
      const run = await client.runStatus(id);
      answered += 1;
      return run;
    },
  };
  return { api, reads: () => reads, answered: () => answered };
}

const CANCEL = graphql(`
  mutation heartbeatCancelRunSoon($id: ID!) {
    cancelRun(id: $id, reason: "stop now") {
      id
    }
  }
`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function heartbeatAt(id: string): Promise<number> {
  const response = await api.gql(
    graphql(`
      query heartbeatRun($id: ID!) {
        run(id: $id) {
          heartbeatAt
        }
      }
    `),
    { id },
  );
  return Date.parse(response.data!.run!.heartbeatAt!);
}

describe('heartbeats', () => {
  it('notices a cancel while the run is still queued (data being prepared)', async () => {
    const id = await newRun('cancel-while-preparing');
    const requests: { status: RunStatus; reason: string | null }[] = [];
    const loop = startHeartbeats({
      api: client,
      runId: id,
      intervalMs: 50,
      logger,
      onStopRequested: (status, reason) => requests.push({ status, reason }),
    });
    try {
      // Several reads of the queued run go by without a stop request.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(requests).toEqual([]);
      await api.gql(
        graphql(`
          mutation heartbeatCancelRun($id: ID!) {
            cancelRun(id: $id, reason: "wrong data") {
              id
            }
          }
        `),
        {
          id,
        },
      );
      await waitFor(
        async () => requests.length,
        (count) => count > 0,
        'the stop request',
        10_000,
      );
      expect(requests).toEqual([{ status: 'CANCELLED', reason: 'wrong data' }]);
    } finally {
      loop.stop();
    }
  });

  it('heartbeats the run once started', async () => {
    const id = await newRun('started');
    const requests: RunStatus[] = [];
    const loop = startHeartbeats({
      api: client,
      runId: id,
      intervalMs: 50,
      logger,
      onStopRequested: (status) => requests.push(status),
    });
    try {
      await client.startRun(id, { splitSeed: 3 });
      loop.markStarted();
      const first = await heartbeatAt(id);
      await waitFor(
        () => heartbeatAt(id),
        (at) => at > first,
        'a heartbeat after startRun',
        10_000,
      );
      expect(requests).toEqual([]);
    } finally {
      loop.stop();
    }
  });

  it('spaces the per-batch status reads: a burst of batches costs two reads', async () => {
    const id = await newRun('burst');
    const counting = countingClient();
    const loop = startHeartbeats({
      api: counting.api,
      runId: id,
      intervalMs: 60_000,
      minCheckSpacingMs: 300,
      logger,
      onStopRequested: () => {},
    });
    try {
      // 20 batches in 100 ms, as a fast GPU step would report them.
      for (let i = 0; i < 20; i++) {
        loop.checkNow();
        await sleep(5);
      }
      await sleep(700);
      // One read at once, one for every batch that came after it began.
      expect(counting.reads()).toBe(2);
    } finally {
      loop.stop();
    }
  });

  it('still sees a cancel that lands between two batches inside the spacing', async () => {
    const id = await newRun('cancel-inside-spacing');
    const counting = countingClient();
    const requests: RunStatus[] = [];
    const loop = startHeartbeats({
      api: counting.api,
      runId: id,
      intervalMs: 60_000,
      minCheckSpacingMs: 3_000,
      logger,
      onStopRequested: (status) => requests.push(status),
    });
    try {
      loop.checkNow();
      await waitFor(
        async () => counting.reads(),
        (n) => n === 1,
        'the first read',
        5_000,
      );
      await sleep(50);
      await api.gql(CANCEL, { id });
      // The batch after the cancel comes too soon for a read of its own; the deferred read must
      // still happen, or the cancel would wait for the next heartbeat a minute later.
      loop.checkNow();
      await waitFor(
        async () => requests.length,
        (count) => count > 0,
        'the stop request',
        10_000,
      );
      expect(requests).toEqual(['CANCELLED']);
    } finally {
      loop.stop();
    }
  });
});
