// The child's messages become API calls, against the real API: the backend starts the status
// watch, the prepared dataset starts the run, metrics reach the API before each evaluation.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrainerApi, type TrainerApi } from '../src/api-client/index.ts';
import type { ChildMessage } from '../src/run/child-messages.ts';
import { createChildMessageHandler } from '../src/run/child-message-handler.ts';
import { createMetricStream } from '../src/run/metric-stream.ts';
import type { RunProgress } from '../src/run/run-progress.ts';
import {
  rawPointCount,
  readRun,
  startTestApi,
  tinyConfig,
  waitFor,
  type TestApi,
} from './harness.ts';
import { graphql } from './generated/index.ts';

let api: TestApi;
let client: TrainerApi;
const logger = pino({ level: 'silent' });
const FINGERPRINT = 'ab'.repeat(32);

beforeAll(async () => {
  api = await startTestApi();
  client = createTrainerApi({ url: api.url, key: api.adminKey });
});
afterAll(() => api?.close());

async function queuedRun(name: string): Promise<string> {
  const run = await client.createRun({ projectId: api.projectId, name, config: tinyConfig() });
  return run.id;
}

function setUp(runId: string) {
  const progress: RunProgress[] = [];
  const serverStops: string[] = [];
  // A flush interval far beyond the test: only the handler's own flushes write.
  const stream = createMetricStream({
    api: client,
    runId,
    logger,
    flushIntervalMs: 3_600_000,
    onRunFinished: (status) => handler.runFinished({ status }),
  });
  const handler = createChildMessageHandler({
    api: client,
    runId,
    logger,
    stream,
    heartbeatIntervalMs: 50,
    onServerStop: (reason) => serverStops.push(reason),
    onProgress: (event) => progress.push(event),
  });
  return { handler, stream, progress, serverStops };
}

const backend: ChildMessage = {
  type: 'backend',
  name: 'cpu',
  threads: 1,
  skipped: ['wasm'],
  precision: 'float32',
};
const dataset: ChildMessage = {
  type: 'dataset',
  fingerprint: FINGERPRINT,
  splitSeed: 3,
  samples: 40,
  trainSamples: 32,
  validationSamples: 8,
  indexPath: '/tmp/index.json',
};

function evaluation(step: number, macroF1: number): ChildMessage {
  const zeros = () => Array.from({ length: 28 }, () => 0);
  return {
    type: 'evaluation',
    epoch: 0,
    step,
    report: {
      macroF1,
      perClass: {
        // Every class at macroF1, so the stated macro F1 is the mean the API checks it against.
        f1: zeros().map(() => macroF1),
        precision: zeros(),
        recall: zeros(),
        support: zeros(),
        threshold: zeros().map(() => 0.5),
        tp: zeros(),
        fp: zeros(),
        fn: zeros(),
        tn: zeros(),
      },
      cooccurrence: Array.from({ length: 28 }, zeros),
    },
  };
}

describe('the child message handler', () => {
  it('starts the run on the prepared dataset with the backend and device it reported', async () => {
    const id = await queuedRun('starts');
    const { handler, stream, progress } = setUp(id);
    try {
      await handler.handle(backend);
      expect(progress[0]).toMatchObject({ type: 'backend', name: 'cpu', threads: 1 });
      expect((progress[0] as { device: string }).device).toMatch(/^1 thread on /);
      // The backend alone does not start the run: the data is not prepared yet.
      expect((await readRun(api, id)).status).toBe('QUEUED');

      await handler.handle({ type: 'progress', stage: 'caching', done: 20, total: 40 });
      expect(progress[1]).toEqual({ type: 'preparing', stage: 'caching', done: 20, total: 40 });

      await handler.handle(dataset);
      const run = await readRun(api, id);
      expect(run).toMatchObject({ status: 'RUNNING', backend: 'cpu' });
      expect(run.device).toMatch(/^1 thread on /);
      expect(handler.runInfo).toMatchObject({
        backend: 'cpu',
        threads: 1,
        backendsSkipped: ['wasm'],
        datasetFingerprint: FINGERPRINT,
        splitSeed: 3,
        samples: 40,
        trainSamples: 32,
        validationSamples: 8,
      });
      expect(progress[2]).toEqual(dataset);
    } finally {
      handler.stopHeartbeats();
      await stream.close();
    }
  });

  it('logs the buffered curve points before each evaluation', async () => {
    const id = await queuedRun('evaluates');
    const { handler, stream } = setUp(id);
    try {
      await handler.handle(backend);
      await handler.handle(dataset);
      const points = [1, 2, 3, 4].map((step) => ({
        key: 'train/loss',
        step,
        value: 1 / step,
        wallTime: new Date().toISOString(),
      }));
      await handler.handle({ type: 'metrics', points });
      // Buffered: under the per-call limit and no timer flush.
      expect(await rawPointCount(api, id, 'train/loss')).toBe(0);
      await handler.handle(evaluation(4, 0.25));
      expect(await rawPointCount(api, id, 'train/loss')).toBe(4);
      expect(stream.written).toBe(4);
      const logged = await api.gql(
        graphql(`
          query handlerRun($id: ID!) {
            run(id: $id) {
              evaluations {
                nodes {
                  step
                  split
                }
              }
            }
          }
        `),
        { id },
      );
      expect(logged.data!.run!.evaluations.nodes).toEqual([{ step: 4, split: 'val' }]);
    } finally {
      handler.stopHeartbeats();
      await stream.close();
    }
  });

  it("reports a member's cancel during data preparation as a stop by the server", async () => {
    const id = await queuedRun('cancelled-while-preparing');
    const { handler, stream, serverStops } = setUp(id);
    try {
      await handler.handle(backend);
      await api.gql(
        graphql(`
          mutation handlerCancelRun($id: ID!) {
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
        async () => serverStops.length,
        (count) => count > 0,
        'the stop',
        10_000,
      );
      expect(serverStops).toEqual(['run is cancelled: wrong data']);
      // The prepared data arrives anyway: nothing starts, and nothing is written any more.
      await handler.handle(dataset);
      await handler.handle({
        type: 'metrics',
        points: [{ key: 'train/loss', step: 0, value: 1, wallTime: new Date().toISOString() }],
      });
      await stream.flush();
      expect(serverStops).toHaveLength(1);
      expect((await readRun(api, id)).status).toBe('CANCELLED');
      expect(await rawPointCount(api, id, 'train/loss')).toBe(0);
    } finally {
      handler.stopHeartbeats();
      await stream.close();
    }
  });

  it('stops the run, without an error, when a metric write is refused as finished', async () => {
    const id = await queuedRun('refused-write');
    const { handler, stream, serverStops } = setUp(id);
    try {
      await handler.handle(backend);
      await handler.handle(dataset);
      handler.stopHeartbeats();
      await api.gql(`mutation ($id: ID!) { cancelRun(id: $id, reason: "stop it") { id } }`, {
        id,
      });
      const point = (step: number) => ({
        key: 'train/loss',
        step,
        value: 1,
        wallTime: new Date().toISOString(),
      });
      await stream.add([point(0)]);
      await stream.flush();
      expect(serverStops).toEqual(['run is cancelled']);
      // Later batches and evaluations are dropped: no refused write, no error.
      await handler.handle({ type: 'metrics', points: [point(1)] });
      await handler.handle(evaluation(1, 0.5));
      await stream.close();
      expect(serverStops).toHaveLength(1);
      expect(await rawPointCount(api, id, 'train/loss')).toBe(0);
    } finally {
      handler.stopHeartbeats();
      await stream.close();
    }
  });
});
