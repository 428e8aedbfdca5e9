// Shared by the trainer's tests: the real API (apps/api's own test harness: a server on port 0
// over a fresh PostgreSQL database from @hpa-lab/db/testing) and small polling helpers.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestApi } from '@hpa-lab/api/testing';
import { graphql } from './generated/index.ts';
import type { ReadRunQuery } from './generated/graphql.ts';

export { startTestApi, type TestApi } from '@hpa-lab/api/testing';

export async function waitFor<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (accept(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
}

export async function temporaryHome(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hpa-trainer-home-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A tiny but complete training config: synthetic data (generated on first use), 32 px. */
export function tinyConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    model: { name: 'small-cnn', filters: 4, blocks: 2, dropout: 0 },
    inputSize: 32,
    epochs: 2,
    batchSize: 8,
    optimizer: { learningRate: 0.003, warmupEpochs: 0 },
    backend: 'cpu',
    dataset: { cachePath: 'synthetic:count=40,size=32,seed=5,rarity=0', splitSeed: 3 },
    ...overrides,
  };
}

export type RunView = NonNullable<ReadRunQuery['run']>;

export async function readRun(api: TestApi, id: string): Promise<RunView> {
  const response = await api.gql(
    graphql(`
      query readRun($id: ID!) {
        run(id: $id) {
          id
          status
          errorMessage
          backend
          device
          metricKeys
        }
      }
    `),
    { id },
  );
  if (!response.data?.run) throw new Error(`run ${id}: ${JSON.stringify(response.errors)}`);
  return response.data.run;
}

export async function rawPointCount(api: TestApi, id: string, key: string): Promise<number> {
  const response = await api.gql(
    graphql(`
      query rawPointCount($ids: [ID!]!, $keys: [String!]!) {
        compareRuns(ids: $ids, keys: $keys, maxPoints: 10) {
          curves {
            series {
              rawPointCount
            }
          }
        }
      }
    `),
    { ids: [id], keys: [key] },
  );
  return response.data?.compareRuns.curves[0]?.series[0]?.rawPointCount ?? 0;
}

export async function launch(api: TestApi, name: string, config: Record<string, unknown>) {
  const response = await api.gql(
    graphql(`
      mutation launch($input: LaunchRunInput!) {
        launchRun(input: $input) {
          id
        }
      }
    `),
    { input: { projectId: api.projectId, name, approach: 'test', config } },
  );
  if (!response.data) throw new Error(`launchRun: ${JSON.stringify(response.errors)}`);
  return response.data.launchRun.id;
}

export const isTerminal = (run: RunView) =>
  run.status === 'SUCCEEDED' || run.status === 'FAILED' || run.status === 'CANCELLED';
