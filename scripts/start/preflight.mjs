// What `npm start` checks before it starts any app, so a user's mistake gets one line that names
// the problem and the fix instead of an app's stack trace among the others' output: a port
// already taken, an unwritable HPA_LAB_HOME, a DATABASE_URL or REDIS_URL nothing answers at.
// Each check returns undefined or that line.
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';

/** Whether something already listens on host:port (we try to listen there ourselves). */
export function portProblem(port, host, what, fix) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error) => {
      resolve(
        error.code === 'EADDRINUSE'
          ? `port ${port} on ${host} (${what}) is already in use, maybe by another hpa-lab; ` +
              `stop that, or ${fix}`
          : `cannot listen on ${host}:${port} (${what}): ${error.code ?? error.message}; ${fix}`,
      );
    });
    server.listen(port, host, () => server.close(() => resolve(undefined)));
  });
}

/** Whether HPA_LAB_HOME can be created and written (a file is written there and removed). */
export function homeProblem(home) {
  try {
    mkdirSync(home, { recursive: true });
    const probe = join(home, `.write-test-${randomUUID()}`);
    writeFileSync(probe, '');
    rmSync(probe);
    return undefined;
  } catch (error) {
    return (
      `HPA_LAB_HOME ${home} cannot be written (${error.code ?? error.message}); ` +
      'point HPA_LAB_HOME at a folder you can write, e.g. HPA_LAB_HOME=$HOME/.hpa-lab npm start'
    );
  }
}

/** Opens a TCP connection to the URL's host and port: what "reachable" means before the app's own client tries. */
function reachable(host, port, timeoutMs) {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (error) => {
      socket.destroy();
      resolve(error);
    };
    socket.setTimeout(timeoutMs, () => done(new Error(`no answer within ${timeoutMs / 1000} s`)));
    socket.once('connect', () => done(undefined));
    socket.once('error', (error) => done(error));
  });
}

/**
 * Whether PostgreSQL at the URL accepts this URL's login and database: `SELECT 1` with the `pg`
 * client packages/db uses (a wrong password or database name would otherwise be the API's stack
 * trace). Undefined when it does; the reason (SQLSTATE or error code) when not.
 */
async function postgresRefusal(value, timeoutMs) {
  let pg;
  try {
    pg = (await import('pg')).default;
  } catch {
    return undefined; // packages/db not installed: the TCP check above is all we can do
  }
  const client = new pg.Client({ connectionString: value, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined); // a late socket error must not crash the launcher
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    const words = {
      '28P01': 'password refused',
      28000: 'login refused',
      '3D000': 'no such database',
    };
    return words[error.code] ?? error.code ?? error.message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Whether a service URL (postgresql://, redis://) parses and its host:port answers. */
export async function serviceProblem(name, value, defaultPort, fix, timeoutMs = 5000) {
  let url;
  try {
    url = new URL(value);
  } catch {
    return `${name} is not a URL ("${value}"); ${fix}`;
  }
  const host = url.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
  const port = Number(url.port || defaultPort);
  const safe = `${url.protocol}//${url.host}${url.pathname}`; // no password in the message
  const error = await reachable(host, port, timeoutMs);
  if (error) return `${name} ${safe} cannot be reached (${error.code ?? error.message}); ${fix}`;
  if (!url.protocol.startsWith('postgres')) return undefined;
  const refusal = await postgresRefusal(value, timeoutMs);
  return refusal ? `${name} ${safe} refuses the connection (${refusal}); ${fix}` : undefined;
}
