// The trainer's API client against the real API: typed results, errors that name the operation
// and the API's code, batching over the 1,000-point limit, and retries that never double a
// point (a proxy in front of the API drops the first answer after the API has written).
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiRequestError, createTrainerApi, type TrainerApi } from '../src/api-client/index.ts';
import { rawPointCount, startTestApi, temporaryHome, tinyConfig, type TestApi } from './harness.ts';

let api: TestApi;
let client: TrainerApi;
let home: Awaited<ReturnType<typeof temporaryHome>>;

async function newRun(name: string): Promise<string> {
  const run = await client.createRun({ projectId: api.projectId, name, config: tinyConfig() });
  return run.id;
}

/** Forwards to the API but answers 502 to the first `dropFirst` logMetrics calls after the
 * API has processed them: the client cannot know they were written. */
async function flakyProxy(
  target: string,
  dropFirst: number,
): Promise<{ url: string; server: Server; dropped: () => number }> {
  let dropped = 0;
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const forward = request(
        new URL(incoming.url ?? '/', target),
        { method: incoming.method, headers: incoming.headers },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => parts.push(chunk));
          answer.on('end', () => {
            if (body.toString().includes('logMetrics(') && dropped < dropFirst) {
              dropped += 1;
              outgoing.writeHead(502).end('bad gateway');
              return;
            }
            outgoing.writeHead(answer.statusCode ?? 500, answer.headers).end(Buffer.concat(parts));
          });
        },
      );
      forward.end(body);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server, dropped: () => dropped };
}

beforeAll(async () => {
  home = await temporaryHome();
  api = await startTestApi();
  client = createTrainerApi({ url: api.url, key: api.adminKey });
});
afterAll(async () => {
  await api?.close();
  await home?.remove();
});

describe('trainer API client', () => {
  it('creates, starts and finishes a run', async () => {
    const id = await newRun('client-lifecycle');
    const fingerprint = 'c0ffee'.padEnd(64, '0');
    const started = await client.startRun(id, {
      backend: 'wasm',
      device: '2 threads',
      datasetFingerprint: fingerprint,
      splitSeed: 3,
    });
    expect(started).toMatchObject({
      id,
      status: 'RUNNING',
      backend: 'wasm',
      device: '2 threads',
      datasetFingerprint: fingerprint,
      splitSeed: 3,
    });
    expect(await client.heartbeat(id)).toMatchObject({ status: 'RUNNING' });
    const finished = await client.finishRun(id, 'FAILED', 'loss became NaN at epoch 3, batch 7');
    expect(finished).toMatchObject({
      status: 'FAILED',
      errorMessage: 'loss became NaN at epoch 3, batch 7',
    });
  });

  it('names the operation and the API error code', async () => {
    const id = await newRun('client-errors');
    const early = await client.heartbeat(id).catch((error: unknown) => error);
    expect(early).toBeInstanceOf(ApiRequestError);
    expect((early as ApiRequestError).operation).toBe('heartbeat');
    expect((early as ApiRequestError).code).toBe('INVALID_STATE');
    expect((early as Error).message).toMatch(
      /^heartbeat failed \(INVALID_STATE\): .*startRun first/,
    );

    const badKey = createTrainerApi({ url: api.url, key: 'hpa_not-a-key' });
    await expect(badKey.startRun(id)).rejects.toMatchObject({
      operation: 'startRun',
      code: 'UNAUTHENTICATED',
    });

    const nan = await client
      .logMetrics(id, [{ key: 'train/loss', step: 0, value: Number.NaN }])
      .catch((error: unknown) => error);
    expect(nan).toMatchObject({ operation: 'logMetrics' });
    expect((nan as ApiRequestError).transient).toBe(false);

    const unreachable = createTrainerApi(
      { url: 'http://127.0.0.1:9', key: 'x' },
      { attempts: 2, baseDelayMs: 10 },
    );
    await expect(unreachable.projects()).rejects.toMatchObject({
      operation: 'projects',
      code: 'NETWORK',
    });
  });

  it('splits metric points into calls of at most 1,000', async () => {
    const id = await newRun('client-batches');
    await client.startRun(id);
    const points = Array.from({ length: 2500 }, (_, step) => ({
      key: 'train/loss',
      step,
      value: 1 / (step + 1),
    }));
    expect(await client.logMetrics(id, points)).toBe(2500);
    expect(await rawPointCount(api, id, 'train/loss')).toBe(2500);
  });

  it('retries a logMetrics call whose answer was lost without doubling points', async () => {
    const id = await newRun('client-retry');
    await client.startRun(id);
    const proxy = await flakyProxy(api.url, 1);
    try {
      const flaky = createTrainerApi(
        { url: proxy.url, key: api.adminKey },
        { attempts: 3, baseDelayMs: 20 },
      );
      const points = Array.from({ length: 300 }, (_, step) => ({
        key: 'val/loss',
        step,
        value: step,
      }));
      expect(await flaky.logMetrics(id, points)).toBe(300);
      expect(proxy.dropped()).toBe(1);
      expect(await rawPointCount(api, id, 'val/loss')).toBe(300);
    } finally {
      proxy.server.close();
    }
  });

  it('streams an artifact with its sha256 and reports a refused upload by code', async () => {
    const id = await newRun('client-upload');
    const file = path.join(home.dir, 'notes.txt');
    await writeFile(file, 'thresholds tuned on val\n'.repeat(1000));
    const artifact = await client.uploadArtifact({ runId: id, file, kind: 'LOG' });
    expect(artifact).toMatchObject({ runId: id, name: 'notes.txt', kind: 'LOG', bytes: 24_000 });
    expect(artifact.sha256).toMatch(/^[0-9a-f]{64}$/);
    // Re-sending the same content is answered with the stored artifact (safe to retry).
    expect((await client.uploadArtifact({ runId: id, file, kind: 'LOG' })).id).toBe(artifact.id);

    await writeFile(file, 'different content');
    await expect(client.uploadArtifact({ runId: id, file, kind: 'LOG' })).rejects.toMatchObject({
      operation: 'uploadArtifact',
      code: 'CONFLICT',
    });
    await expect(
      client.uploadArtifact({ runId: id, file, kind: 'LOG', name: '..secret' }),
    ).rejects.toMatchObject({ operation: 'uploadArtifact', code: 'BAD_USER_INPUT' });
  });
});
