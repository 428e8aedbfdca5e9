// Assembles the API from its parts. Everything is passed in, so tests and the benchmark build
// the same server src/server.ts runs, on a port of their choosing, against their own database.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { NotificationSource } from '@hpa-lab/db';
import { buildApollo, buildSchema, DEFAULT_QUERY_LIMITS } from './graphql/build-apollo.ts';
import type { QueryLimits } from './graphql/limits.ts';
import type { AdmissionLimits } from './graphql/member-admission.ts';
import { createHttpServer } from './http/server.ts';
import { createStreamRoute } from './http/stream-route.ts';
import { createLiveHub } from './live/hub.ts';
import type { ServiceDeps } from './services/deps.ts';

export interface ApiOptions extends ServiceDeps {
  production: boolean;
  maxArtifactBytes: number;
  limits?: QueryLimits;
  admission?: AdmissionLimits;
  /**
   * Where the database's live events are LISTENed for (Database.notifications of
   * @hpa-lab/db); without it /graphql/stream refuses with SERVICE_UNAVAILABLE.
   */
  notifications?: NotificationSource;
  /** The most points a subscriber may have waiting before it is dropped (live/hub.ts). */
  maxLiveBacklog?: number;
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
  const schema = buildSchema();
  const apollo = buildApollo({
    schema,
    production: options.production,
    logger: options.logger,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.admission ? { admission: options.admission } : {}),
  });
  await apollo.start();
  const deps: ServiceDeps = {
    db: options.db,
    ...(options.heavyDb ? { heavyDb: options.heavyDb } : {}),
    queue: options.queue,
    store: options.store,
    logger: options.logger,
    ...(options.home ? { home: options.home } : {}),
  };
  const hub = options.notifications
    ? createLiveHub({
        db: options.db,
        notifications: options.notifications,
        logger: options.logger.child({ module: 'live' }),
        ...(options.maxLiveBacklog ? { maxBacklog: options.maxLiveBacklog } : {}),
      })
    : undefined;
  const stream = createStreamRoute({
    schema,
    deps,
    hub,
    limits: options.limits ?? DEFAULT_QUERY_LIMITS,
    ...(options.maxLiveBacklog ? { maxBacklog: options.maxLiveBacklog } : {}),
  });
  const server = createHttpServer({
    apollo,
    deps,
    maxArtifactBytes: options.maxArtifactBytes,
    stream,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    server,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    async close() {
      // Subscribers first: their streams end with a reason instead of a cut connection.
      await hub?.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await apollo.stop();
    },
  };
}
