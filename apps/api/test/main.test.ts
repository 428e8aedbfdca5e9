// The real entry points as child processes: `npm run create-admin` against PostgreSQL and the
// API on PostgreSQL + Redis (BullMQ). Embedded mode (PGlite, the trainer in-process) is tested
// where it is composed: apps/platform/test/main.test.ts.
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
