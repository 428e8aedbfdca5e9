import pg from 'pg';

/**
 * A database URL that cannot be used: malformed, or naming a server that does not answer or
 * refuses us. The message is one line meant for the operator, e.g.
 * `DATABASE_URL: cannot connect to 127.0.0.1:5999 (ECONNREFUSED)`; it never includes the
 * password.
 */
export class DatabaseUrlError extends Error {
  override name = 'DatabaseUrlError';
  constructor(
    readonly variable: string,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`${variable}: ${detail}`, options);
  }
}

export interface PostgresTarget {
  url: string;
  host: string;
  port: number;
  database: string;
  /** `host:port`, how errors name the server. */
  address: string;
}

const EXAMPLE = 'postgresql://user:password@host:5432/database';

/** Checks the shape of a postgresql:// URL without connecting. */
export function parsePostgresUrl(url: string, variable = 'DATABASE_URL'): PostgresTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    // The value is not echoed: a malformed URL may still hold a password.
    throw new DatabaseUrlError(variable, `not a valid URL (expected ${EXAMPLE})`, {
      cause: error,
    });
  }
  if (parsed.protocol !== 'postgresql:' && parsed.protocol !== 'postgres:') {
    throw new DatabaseUrlError(
      variable,
      `unsupported scheme "${parsed.protocol}//" (expected ${EXAMPLE})`,
    );
  }
  // node-postgres also accepts a Unix socket directory as ?host=/var/run/postgresql.
  const host = parsed.hostname || parsed.searchParams.get('host') || '';
  if (!host) throw new DatabaseUrlError(variable, `no host in the URL (expected ${EXAMPLE})`);
  const port = parsed.port ? Number(parsed.port) : 5432;
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'postgres';
  const shownHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return { url, host, port, database, address: `${shownHost}:${port}` };
}

function connectFailure(error: unknown): string {
  if (error instanceof AggregateError) return connectFailure(error.errors[0]);
  const { code, syscall, message } = error as { code?: string; syscall?: string; message?: string };
  // Socket errors carry a name such as ECONNREFUSED; server errors carry a SQLSTATE code,
  // whose message ("database \"x\" does not exist") says more.
  if (code && syscall) return code;
  if (message?.includes('timeout')) return 'timed out';
  return message ?? String(error);
}

/**
 * Opens one node-postgres session, turning any failure to reach or log in to the server into
 * a DatabaseUrlError naming the variable and the host.
 */
export async function connectPostgres(
  url: string,
  options: { variable?: string; connectTimeoutMs?: number } = {},
): Promise<pg.Client> {
  const variable = options.variable ?? 'DATABASE_URL';
  const target = parsePostgresUrl(url, variable);
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
  });
  // Without a listener, a server restart while idle would crash the process.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw new DatabaseUrlError(
      variable,
      `cannot connect to ${target.address} (${connectFailure(error)})`,
      { cause: error },
    );
  }
  return client;
}
