// Embedded mode (PGlite, in-process queue, the real trainer) with the platform's src/main.ts as a
// child process
// really killed: no run is left queued or running. After a SIGKILL the next start fails the run
// the dead process was training and re-enqueues the waiting ones; a SIGTERM lets the interrupted
// run record itself (HTTP closes only after the queue) and leaves waiting runs queued for the
// next start.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiChildEnv,
  freePort,
  graphqlAt,
  startApiProcess,
  type ApiProcess,
  type TypedDocument,
} from '@hpa-lab/api/testing';
import type { RunStatus } from './generated/graphql.ts';
import { graphql } from './generated/index.ts';

const PLATFORM = { cwd: path.resolve(import.meta.dirname, '..'), script: 'src/main.ts' };

let home: string;
let server: ApiProcess | undefined;
let env: NodeJS.ProcessEnv;
let key = '';

async function gql<TResult, TVariables>(
  document: TypedDocument<TResult, TVariables>,
  variables?: TVariables,
): Promise<TResult> {
  const body = await graphqlAt(server!.url, key, document, variables);
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

async function readRun(id: string) {
  const { run } = await gql(
    graphql(`
      query restartRun($id: ID!) {
        run(id: $id) {
          id
          status
          errorMessage
        }
      }
    `),
    { id },
  );
  if (!run) throw new Error(`run ${id} does not exist`);
  return run;
}

async function waitForStatus(id: string, status: RunStatus) {
  for (let i = 0; i < 600; i += 1) {
    const run = await readRun(id);
    if (run.status === status) return run;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`run ${id} never became ${status}: ${JSON.stringify(await readRun(id))}`);
}

/** Long enough to be interrupted: synthetic data, many epochs of tiny batches. */
const longConfig = {
  model: { name: 'small-cnn', filters: 4, blocks: 2, dropout: 0 },
  inputSize: 32,
  epochs: 500,
  batchSize: 4,
  optimizer: { learningRate: 0.003, warmupEpochs: 0 },
  backend: 'cpu',
  dataset: { cachePath: 'synthetic:count=40,size=32,seed=5,rarity=0', splitSeed: 3 },
};

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'hpa-api-embedded-restart-'));
  env = apiChildEnv({
    HPA_LAB_HOME: home,
    // The same port after every restart, as a real deployment has.
    PORT: String(await freePort()),
    SWEEP_INTERVAL_SECONDS: '1',
    RECONCILE_GRACE_SECONDS: '1',
    HPA_HEARTBEAT_SECONDS: '1',
  });
  server = await startApiProcess(env, PLATFORM);
  key = String(server.logLines.find((line) => typeof line.apiKey === 'string')?.apiKey);
});
afterAll(async () => {
  await server?.stop('SIGKILL');
  await rm(home, { recursive: true, force: true });
});

describe('embedded mode restarts', () => {
  it('leaves no run queued or running after a SIGKILL and a SIGTERM', async () => {
    const { projects } = await gql(
      graphql(`
        query restartProjects {
          projects {
            id
          }
        }
      `),
    );
    const launch = async (name: string) =>
      (
        await gql(
          graphql(`
            mutation restartLaunchRun($input: LaunchRunInput!) {
              launchRun(input: $input) {
                id
              }
            }
          `),
          { input: { projectId: projects[0]!.id, name, config: longConfig } },
        )
      ).launchRun.id;
    const first = await launch('trained when killed');
    const second = await launch('waiting when killed');
    const third = await launch('waiting at SIGTERM');
    await waitForStatus(first, 'RUNNING');

    expect(await server!.stop('SIGKILL')).toBeNull();
    server = await startApiProcess(env, PLATFORM);
    const failed = await readRun(first);
    expect(failed.status).toBe('FAILED');
    expect(failed.errorMessage).toMatch(/embedded API stopped while this run trained/);
    // Re-enqueued by the first reconcile: the second trains now, the third waits.
    await waitForStatus(second, 'RUNNING');
    expect((await readRun(third)).status).toBe('QUEUED');

    expect(await server!.stop('SIGTERM')).toBe(0);
    const shutdownLog = server!.logLines.filter((line) => line.msg === 'training failed');
    expect(shutdownLog).toEqual([]);
    server = await startApiProcess(env, PLATFORM);
    const interrupted = await readRun(second);
    expect(interrupted.status).toBe('FAILED');
    // Recorded by the run itself through the still open API, not by a sweeper later.
    expect(interrupted.errorMessage).toBe('training interrupted: API shutting down');
    await waitForStatus(third, 'RUNNING');

    await gql(
      graphql(`
        mutation restartCancelRun($id: ID!) {
          cancelRun(id: $id, reason: "test over") {
            id
          }
        }
      `),
      { id: third },
    );
    expect((await readRun(third)).status).toBe('CANCELLED');
    expect(await server!.stop('SIGTERM')).toBe(0);
    server = undefined;
  }, 240_000);
});
