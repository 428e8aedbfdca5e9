// The real entry points as child processes: `npm run create-admin` against PostgreSQL, the API
// on PostgreSQL + Redis (BullMQ), and the embedded mode (PGlite, in-process queue) whose first
// start creates the admin and prints its key.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@hpa-lab/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_URL } from './test-api.ts';

const API_DIR = path.resolve(import.meta.dirname, '..');
const TSX = path.resolve(API_DIR, '../../node_modules/.bin/tsx');

/** The parent's environment without any setting the API reads, plus the given ones. */
function childEnv(settings: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of [
    'DATABASE_URL',
    'REDIS_URL',
    'PORT',
    'HPA_LAB_HOME',
    'NODE_ENV',
    'ARTIFACT_DIR',
  ]) {
    delete env[name];
  }
  return { ...env, LOG_LEVEL: 'info', ...settings };
}

function runToEnd(script: string, env: NodeJS.ProcessEnv, args: string[] = []) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(TSX, [script, ...args], { cwd: API_DIR, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface StartedServer {
  child: ChildProcess;
  url: string;
  logLines: Record<string, unknown>[];
}

/** Starts src/main.ts and resolves once it logs the URL it listens on. */
function startMain(env: NodeJS.ProcessEnv): Promise<StartedServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['src/main.ts'], { cwd: API_DIR, env });
    const logLines: Record<string, unknown>[] = [];
    let buffered = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logLines.push(entry);
        if (entry.msg === 'API listening') {
          resolve({ child, url: String(entry.url).replace(/\/graphql$/, ''), logLines });
        }
      }
    });
    child.on('close', (code) => reject(new Error(`main exited with ${code}: ${stderr}`)));
  });
}

async function stop(server: StartedServer): Promise<number | null> {
  const closed = new Promise<number | null>((resolve) => server.child.on('close', resolve));
  server.child.kill('SIGTERM');
  return closed;
}

async function graphql(url: string, key: string, query: string, variables = {}) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- shapes are asserted below
  return (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
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
    const env = childEnv({ DATABASE_URL: database.url, HPA_LAB_HOME: home });
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
      const me = await graphql(server.url, key!, '{ me { email role } queueStatus { kind } }');
      expect(me.data!.me).toEqual({ email: 'ada@example.org', role: 'ADMIN' });
      expect(me.data!.queueStatus).toEqual({ kind: 'bullmq' });
    } finally {
      expect(await stop(server)).toBe(0);
    }
  }, 120_000);
});

describe('embedded mode', () => {
  // The trainer workspace provides `@hpa-lab/trainer/processor`, so the embedded queue has a
  // worker: this checks that the API finds and loads it.
  it('starts on PGlite, creates the first admin and logs its key once', async () => {
    const embeddedHome = path.join(home, 'embedded');
    const env = childEnv({ HPA_LAB_HOME: embeddedHome, PORT: '0' });
    const server = await startMain(env);
    let key: string;
    try {
      const created = server.logLines.find((line) => typeof line.apiKey === 'string');
      key = String(created?.apiKey);
      const me = await graphql(server.url, key, '{ me { role } queueStatus { kind workers } }');
      expect(me.data!.me).toEqual({ role: 'ADMIN' });
      expect(me.data!.queueStatus).toEqual({ kind: 'in-process', workers: 1 });
      // The raw SQL paths (batch insert, bucketed comparison) on PGlite as well.
      const projects = await graphql(server.url, key, '{ projects { id } }');
      const createdRun = await graphql(
        server.url,
        key,
        'mutation ($input: CreateRunInput!) { createRun(input: $input) { id } }',
        {
          input: {
            projectId: projects.data!.projects[0].id,
            name: 'embedded',
            config: { model: { name: 'small-cnn' }, inputSize: 64, dataset: { cachePath: '/c' } },
          },
        },
      );
      const runId = createdRun.data!.createRun.id as string;
      const points = Array.from({ length: 30 }, (_, step) => ({ key: 'loss', step, value: step }));
      const logged = await graphql(
        server.url,
        key,
        'mutation ($id: ID!, $p: [MetricPointInput!]!) { logMetrics(runId: $id, points: $p) { written } }',
        { id: runId, p: points },
      );
      expect(logged.data!.logMetrics.written).toBe(30);
      const compared = await graphql(
        server.url,
        key,
        'query ($ids: [ID!]!) { compareRuns(ids: $ids, keys: ["loss"], maxPoints: 10) { curves { steps series { max } } } }',
        { ids: [runId] },
      );
      expect(compared.errors).toBeUndefined();
      expect(compared.data!.compareRuns.curves[0].steps).toEqual([
        2, 5, 8, 11, 14, 17, 20, 23, 26, 29,
      ]);
      expect(compared.data!.compareRuns.curves[0].series[0].max).toEqual([
        2, 5, 8, 11, 14, 17, 20, 23, 26, 29,
      ]);
    } finally {
      expect(await stop(server)).toBe(0);
    }
    const again = await startMain(env);
    try {
      expect(again.logLines.some((line) => 'apiKey' in line)).toBe(false);
      const me = await graphql(again.url, key, '{ me { role } }');
      expect(me.data!.me).toEqual({ role: 'ADMIN' });
    } finally {
      await stop(again);
    }
  }, 180_000);
});
