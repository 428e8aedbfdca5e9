// The real entry points as child processes: `npm run create-admin` against PostgreSQL and the
// API on PostgreSQL + Redis (BullMQ). Embedded mode (PGlite, the trainer in-process) is tested
// where it is composed: apps/platform/test/main.test.ts.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@hpa-lab/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiChildEnv, graphqlAt, spawnTypeScript, startApiProcess } from './child-processes.ts';
import { REDIS_URL } from './test-api.ts';
import { graphql } from './generated/index.ts';

const startMain = (env: NodeJS.ProcessEnv) => startApiProcess(env);

function runToEnd(script: string, env: NodeJS.ProcessEnv, args: string[] = []) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawnTypeScript(script, args, env);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let home: string;
beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'hpa-api-main-'));
});
afterAll(() => rm(home, { recursive: true, force: true }));

describe('PostgreSQL + Redis mode', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.drop());

  it('create-admin prints a working key once, then refuses a second admin', async () => {
    const env = apiChildEnv({ DATABASE_URL: database.url, HPA_LAB_HOME: home });
    const first = await runToEnd('src/cli/create-admin.ts', env, ['--email', 'ada@example.org']);
    expect(first.code).toBe(0);
    const key = /API key \(shown once, store it now\): (\S+)/.exec(first.stdout)?.[1];
    expect(key).toMatch(/^hpa_/);
    const second = await runToEnd('src/cli/create-admin.ts', env);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('already exists');

    const server = await startMain({
      ...env,
      PORT: '0',
      REDIS_URL,
      QUEUE_PREFIX: `hpa-test-${randomUUID()}`,
      ARTIFACT_DIR: path.join(home, 'artifacts'),
    });
    try {
      const me = await graphqlAt(
        server.url,
        key!,
        graphql(`
          query mainMeFirst {
            me {
              email
              role
            }
            queueStatus {
              kind
            }
          }
        `),
      );
      expect(me.data!.me).toEqual({ email: 'ada@example.org', role: 'ADMIN' });
      expect(me.data!.queueStatus).toEqual({ kind: 'bullmq' });
    } finally {
      expect(await server.stop()).toBe(0);
    }
  }, 120_000);
});
