// One node:http server, one port: /graphql, /graphql/stream, the artifact routes and /healthz.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import type { GraphQLContext } from '../graphql/context.ts';
import { ApiError } from '../lib/errors.ts';
import type { ServiceDeps } from '../services/deps.ts';
import { handleArtifactRoutes } from './artifact-routes.ts';
import { handleGraphql } from './graphql-route.ts';
import { checkHealth } from './health.ts';
import { sendError, sendFailure, sendJson } from './respond.ts';

export interface HttpServerOptions {
  apollo: ApolloServer<GraphQLContext>;
  deps: ServiceDeps;
  maxArtifactBytes: number;
  /** POST /graphql/stream: the subscriptions' route (./stream-route.ts). */
  stream: (request: IncomingMessage, response: ServerResponse) => Promise<void>;
}

export function createHttpServer(options: HttpServerOptions): Server {
  const { apollo, deps } = options;

  const route = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/healthz') {
      const health = await checkHealth(deps);
      sendJson(response, health.ok ? 200 : 503, health);
      return;
    }
    if (url.pathname === '/graphql') {
      await handleGraphql(apollo, deps, request, response, url);
      return;
    }
    if (url.pathname === '/graphql/stream') {
      await options.stream(request, response);
      return;
    }
    if (await handleArtifactRoutes(deps, options.maxArtifactBytes, request, response, url)) return;
    throw new ApiError('NOT_FOUND', `No route for ${request.method} ${url.pathname}`);
  };

  return createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      if (error instanceof ApiError) {
        sendError(response, error);
        return;
      }
      deps.logger.error({ err: error, url: request.url }, 'request failed');
      // No message or stack from inside reaches the client.
      sendFailure(response, 500, 'Internal server error', { code: 'INTERNAL_SERVER_ERROR' });
    });
  });
}
