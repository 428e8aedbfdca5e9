// Real processes for fault tests: a private redis-server to kill and restart (never the shared
// one on 6379), and the API's own entry point (src/main.ts) as a child to SIGKILL or SIGTERM and
// start again on the same port.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';

const API_DIR = path.resolve(import.meta.dirname, '..');

/**
 * Node itself with tsx as a loader, not the tsx CLI: the CLI runs the script in a child
 * process, which a SIGKILL of the CLI would leave running.
 */
export function spawnTypeScript(
  script: string,
  args: string[],
  env?: NodeJS.ProcessEnv,
  cwd = API_DIR,
) {
  const loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return spawn(process.execPath, ['--import', loader, script, ...args], {
    cwd,
    ...(env ? { env } : {}),
  });
}

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

export interface RedisProcess {
  port: number;
  url: string;
  /** Kills the server (SIGKILL by default) and waits until it is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts a new, empty server on the same port (no persistence: every key is gone). */
  restart(): Promise<void>;
  /** Stops the server answering (SIGSTOP): connections stay open, commands hang. */
  freeze(): Promise<void>;
  /** Lets a frozen server answer again (SIGCONT), with every key it held. */
  thaw(): Promise<void>;
}

/** A redis-server without persistence on a free port, for tests that kill Redis. */
export async function startRedisServer(): Promise<RedisProcess> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const launch = () =>
    new Promise<void>((resolve, reject) => {
      const started = spawn('redis-server', [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
      ]);
      let output = '';
      started.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) resolve();
      });
      started.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
      child = started;
    });
  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async kill(signal = 'SIGKILL') {
      if (!child) return;
      const gone = exited(child);
      child.kill(signal);
      await gone;
      child = undefined;
    },
    restart: launch,
    async freeze() {
      child?.kill('SIGSTOP');
    },
    async thaw() {
      child?.kill('SIGCONT');
    },
  };
}

export interface ApiProcess {
  child: ChildProcess;
  url: string;
  /** Every JSON log line the process printed so far. */
  logLines: Record<string, unknown>[];
  /** Sends `signal` and resolves with the exit code (null when killed by the signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** The parent's environment without any setting the API reads, plus the given ones. */
export function apiChildEnv(settings: Record<string, string>): NodeJS.ProcessEnv {
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

/**
 * Starts an API entry point (this workspace's src/main.ts by default; apps/platform's for the
 * embedded mode with the trainer) with `env`, and resolves once it logs the URL it listens on.
 */
export function startApiProcess(
  env: NodeJS.ProcessEnv,
  entry: { cwd: string; script: string } = { cwd: API_DIR, script: 'src/main.ts' },
): Promise<ApiProcess> {
  return new Promise((resolve, reject) => {
    const child = spawnTypeScript(entry.script, [], env, entry.cwd);
    const logLines: Record<string, unknown>[] = [];
    let buffered = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        let logged: Record<string, unknown>;
        try {
          logged = JSON.parse(line) as Record<string, unknown>;
        } catch {
          continue;
        }
        logLines.push(logged);
        if (logged.msg === 'API listening') {
          resolve({
            child,
            url: String(logged.url).replace(/\/graphql$/, ''),
            logLines,
            async stop(signal = 'SIGTERM') {
              const gone = exited(child);
              child.kill(signal);
              return gone;
            },
          });
        }
      }
    });
    child.once('exit', (code) => reject(new Error(`main exited with ${code}: ${stderr}`)));
  });
}

/** One GraphQL request to a started process, as the member whose key this is. */
/** A document of GraphQL Code Generator's client preset: its text, with its types attached. */
export type TypedDocument<TResult, TVariables> = DocumentTypeDecoration<TResult, TVariables> & {
  toString(): string;
};

/** POSTs a typed document (`graphql(...)` from a generated folder) to a process's API. */
export async function graphqlAt<TResult, TVariables>(
  url: string,
  key: string,
  document: TypedDocument<TResult, TVariables>,
  variables?: TVariables,
): Promise<{ data?: TResult | null; errors?: { message: string }[] }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
  });
  return (await response.json()) as { data?: TResult | null; errors?: { message: string }[] };
}
