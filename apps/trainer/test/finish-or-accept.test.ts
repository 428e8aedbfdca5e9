// finishOrAccept against the real API: the first terminal status wins, and the trainer accepts
// one that a member or the sweeper set before it.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiRequestError, createTrainerApi, type TrainerApi } from '../src/api-client/index.ts';
import { finishOrAccept } from '../src/run/finish-or-accept.ts';
import { readRun, startTestApi, tinyConfig, type TestApi } from './harness.ts';

let api: TestApi;
let client: TrainerApi;

beforeAll(async () => {
  api = await startTestApi();
  client = createTrainerApi({ url: api.url, key: api.adminKey });
});
afterAll(() => api?.close());

async function runningRun(name: string): Promise<string> {
  const run = await client.createRun({ projectId: api.projectId, name, config: tinyConfig() });
  await client.startRun(run.id, { backend: 'cpu' });
  return run.id;
}

describe('finishOrAccept', () => {
  it('finishes a running run with the status asked for', async () => {
    const id = await runningRun('finishes');
    expect(await finishOrAccept(client, id, 'FAILED', 'loss became NaN')).toEqual({
      status: 'FAILED',
      errorMessage: 'loss became NaN',
    });
    expect(await readRun(api, id)).toMatchObject({
      status: 'FAILED',
      errorMessage: 'loss became NaN',
    });
  });

  it("accepts a member's cancel that came first, with the member's reason", async () => {
    const id = await runningRun('cancelled-first');
    await api.gql(`mutation ($id: ID!) { cancelRun(id: $id, reason: "wrong data") { id } }`, {
      id,
    });
    expect(await finishOrAccept(client, id, 'SUCCEEDED')).toEqual({
      status: 'CANCELLED',
      errorMessage: 'wrong data',
    });
    expect(await readRun(api, id)).toMatchObject({ status: 'CANCELLED' });
  });

  it('accepts a run already failed (by the sweeper, say) rather than overwriting it', async () => {
    const id = await runningRun('failed-first');
    await client.finishRun(id, 'FAILED', 'No heartbeat since …');
    expect(await finishOrAccept(client, id, 'CANCELLED', 'run is failed')).toEqual({
      status: 'FAILED',
      errorMessage: 'No heartbeat since …',
    });
  });

  it('passes on any other refusal', async () => {
    const error = await finishOrAccept(client, randomUUID(), 'SUCCEEDED').catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ApiRequestError);
    expect((error as ApiRequestError).code).not.toBe('INVALID_STATE');
  });
});
