// The platform's entry point as a child process in embedded mode (PGlite, in-process queue): the
// first start creates the admin and prints its key once, the API it serves has the trainer as
// its in-process worker, and a launched run is trained in that process with the job's own key.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { apiChildEnv, graphqlAt, startApiProcess } from '@hpa-lab/api/testing';
import type { PlatformRunQuery } from './generated/graphql.ts';
import { graphql } from './generated/index.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PLATFORM = { cwd: path.resolve(import.meta.dirname, '..'), script: 'src/main.ts' };

/** The API's child environment, also without the trainer's own API connection and backend. */
function childEnv(settings: Record<string, string>): NodeJS.ProcessEnv {
  const env = apiChildEnv(settings);
  for (const name of ['HPA_API_URL', 'HPA_API_KEY', 'HPA_TRAINER_BACKEND']) delete env[name];
  return env;
}

const startMain = (env: NodeJS.ProcessEnv) => startApiProcess(env, PLATFORM);

let home: string;
beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'hpa-platform-main-'));
});
afterAll(() => rm(home, { recursive: true, force: true }));

describe('embedded mode', () => {
  it('starts on PGlite, creates the first admin and logs its key once', async () => {
    const embeddedHome = path.join(home, 'embedded');
    const env = childEnv({ HPA_LAB_HOME: embeddedHome, PORT: '0' });
    const server = await startMain(env);
    let key: string;
    try {
      const created = server.logLines.find((line) => typeof line.apiKey === 'string');
      key = String(created?.apiKey);
      const me = await graphqlAt(
        server.url,
        key,
        graphql(`
          query platformMe {
            me {
              role
            }
            queueStatus {
              kind
              workers
            }
          }
        `),
      );
      expect(me.data!.me).toEqual({ role: 'ADMIN' });
      expect(me.data!.queueStatus).toEqual({ kind: 'in-process', workers: 1 });
      // The raw SQL paths (batch insert, bucketed comparison) on PGlite as well.
      const projects = await graphqlAt(
        server.url,
        key,
        graphql(`
          query platformProjects {
            projects {
              id
            }
          }
        `),
      );
      const createdRun = await graphqlAt(
        server.url,
        key,
        graphql(`
          mutation platformCreateRun($input: CreateRunInput!) {
            createRun(input: $input) {
              id
            }
          }
        `),
        {
          input: {
            projectId: projects.data!.projects[0]!.id,
            name: 'embedded',
            config: { model: { name: 'small-cnn' }, inputSize: 64, dataset: { cachePath: '/c' } },
          },
        },
      );
      const runId = createdRun.data!.createRun.id;
      const points = Array.from({ length: 30 }, (_, step) => ({ key: 'loss', step, value: step }));
      const logged = await graphqlAt(
        server.url,
        key,
        graphql(`
          mutation platformLogMetrics($id: ID!, $p: [MetricPointInput!]!) {
            logMetrics(runId: $id, points: $p) {
              written
            }
          }
        `),
        { id: runId, p: points },
      );
      expect(logged.data!.logMetrics.written).toBe(30);
      const compared = await graphqlAt(
        server.url,
        key,
        graphql(`
          query platformCompareRuns($ids: [ID!]!) {
            compareRuns(ids: $ids, keys: ["loss"], maxPoints: 10) {
              curves {
                steps
                series {
                  max
                }
              }
            }
          }
        `),
        { ids: [runId] },
      );
      expect(compared.errors).toBeUndefined();
      expect(compared.data!.compareRuns.curves[0]!.steps).toEqual([
        2, 5, 8, 11, 14, 17, 20, 23, 26, 29,
      ]);
      expect(compared.data!.compareRuns.curves[0]!.series[0]!.max).toEqual([
        2, 5, 8, 11, 14, 17, 20, 23, 26, 29,
      ]);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    const again = await startMain(env);
    try {
      expect(again.logLines.some((line) => 'apiKey' in line)).toBe(false);
      const me = await graphqlAt(
        again.url,
        key,
        graphql(`
          query platformMeAgain {
            me {
              role
            }
          }
        `),
      );
      expect(me.data!.me).toEqual({ role: 'ADMIN' });
    } finally {
      await again.stop();
    }
  });

  it("trains a launched run in its own process with the trainer's processor", async () => {
    const server = await startMain(childEnv({ HPA_LAB_HOME: path.join(home, 'train'), PORT: '0' }));
    try {
      const key = String(server.logLines.find((line) => typeof line.apiKey === 'string')?.apiKey);
      const projects = await graphqlAt(
        server.url,
        key,
        graphql(`
          query platformProjects2 {
            projects {
              id
            }
          }
        `),
      );
      const launched = await graphqlAt(
        server.url,
        key,
        graphql(`
          mutation platformLaunchRun($input: LaunchRunInput!) {
            launchRun(input: $input) {
              id
            }
          }
        `),
        {
          input: {
            projectId: projects.data!.projects[0]!.id,
            name: 'in-process',
            config: {
              model: { name: 'small-cnn', filters: 4, blocks: 2, dropout: 0 },
              inputSize: 32,
              epochs: 1,
              batchSize: 8,
              backend: 'cpu',
              dataset: { cachePath: 'synthetic:count=40,size=32,seed=5,rarity=0', splitSeed: 3 },
            },
          },
        },
      );
      const id = launched.data!.launchRun.id;
      const deadline = Date.now() + 150_000;
      let run: PlatformRunQuery['run'] | undefined;
      while (Date.now() < deadline) {
        const read = await graphqlAt(
          server.url,
          key,
          graphql(`
            query platformRun($id: ID!) {
              run(id: $id) {
                status
                errorMessage
                backend
              }
            }
          `),
          { id },
        );
        run = read.data!.run;
        if (!['QUEUED', 'RUNNING'].includes(run!.status)) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      // No HPA_API_KEY in this process: the trainer wrote with the key minted for the job.
      expect(run).toEqual({ status: 'SUCCEEDED', errorMessage: null, backend: 'cpu' });
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});
