// Assembles the API from its parts. Everything is passed in, so tests and the benchmark build
// the same server src/server.ts runs, on a port of their choosing, against their own database.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { buildApollo } from './graphql/build-apollo.ts';
import type { QueryLimits } from './graphql/limits.ts';
import { createHttpServer } from './http/server.ts';
import type { ServiceDeps } from './services/deps.ts';

export interface ApiOptions extends ServiceDeps {
  production: boolean;
  maxArtifactBytes: number;
  limits?: QueryLimits;
}

export interface RunningApi {
  server: Server;
  /** e.g. `http://127.0.0.1:43123` */
  url: string;
  close(): Promise<void>;
}

export async function startApi(
  options: ApiOptions,
  port: number,
  host = '127.0.0.1',
): Promise<RunningApi> {
  const apollo = buildApollo({
    production: options.production,
    logger: options.logger,
    ...(options.limits ? { limits: options.limits } : {}),
  });
  await apollo.start();
  const deps: ServiceDeps = {
    db: options.db,
    queue: options.queue,
    store: options.store,
    logger: options.logger,
  };
  const server = createHttpServer({ apollo, deps, maxArtifactBytes: options.maxArtifactBytes });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    server,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await apollo.stop();
    },
  };
}
