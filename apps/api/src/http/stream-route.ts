// POST /graphql/stream: GraphQL subscriptions over Server-Sent Events with graphql-sse's own
// handler ("distinct connections" mode: one stream per subscription, nothing kept between
// requests, so any instance behind a load balancer can serve any request). Authenticated like
// /graphql; only subscriptions run here, after the same depth and cost limits as queries, and
// unexpected errors are masked as Apollo masks them.
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  GraphQLError,
  getOperationAST,
  parse,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import { createHandler, type RequestParams } from 'graphql-sse';
import { authenticateKey } from '../auth/api-keys.ts';
import { createContext, type GraphQLContext } from '../graphql/context.ts';
import { errorExtensionsInSchemaSpelling } from '../graphql/enum-values.ts';
import { operationCost, type QueryLimits } from '../graphql/limits.ts';
import { ApiError } from '../lib/errors.ts';
import { DEFAULT_MAX_BACKLOG, type LiveHub } from '../live/hub.ts';
import { StreamPacing } from '../live/pacing.ts';
import type { ServiceDeps } from '../services/deps.ts';
import { readJsonBody } from './respond.ts';

const MAX_SUBSCRIPTION_BODY_BYTES = 64 * 1024;

export interface StreamRouteOptions {
  schema: GraphQLSchema;
  deps: ServiceDeps;
  hub: LiveHub | undefined;
  limits: QueryLimits;
  /** The lag in points past which a subscriber is dropped (live/pacing.ts). */
  maxBacklog?: number;
}

/** graphql-sse wants an indexable context type; the value is a plain GraphQLContext. */
type StreamContext = GraphQLContext & Record<PropertyKey, unknown>;

/** What each request hands graphql-sse's hooks: the context built after authentication. */
interface StreamRequestContext {
  graphql: StreamContext;
  pacing: StreamPacing;
}

/** A delivery's weight for pacing: its points (a delivery without any counts 1). */
function weigh(result: { data?: unknown }): number {
  let points = 0;
  if (result.data && typeof result.data === 'object') {
    for (const field of Object.values(result.data)) {
      const list = (field as { points?: unknown } | null)?.points;
      if (Array.isArray(list)) points += list.length;
    }
  }
  return Math.max(1, points);
}

/** A refusal delivered as the stream's one result (`data: null`: graphql-sse needs the key). */
function refused(message: string, code: string): ExecutionResult {
  return { data: null, errors: [new GraphQLError(message, { extensions: { code } })] };
}

/** The errors of a delivery as a client may see them: ours, or a masked internal error. */
function maskErrors<R extends { errors?: readonly GraphQLError[] }>(
  result: R,
  deps: ServiceDeps,
): R {
  if (!result.errors?.length) return result;
  const errors = result.errors.map((error) => {
    const original = error.originalError;
    // By toStringTag, as build-apollo.ts does: another copy of graphql-js must pass as well.
    if (!original || Object.prototype.toString.call(original) === '[object GraphQLError]') {
      const extensions = errorExtensionsInSchemaSpelling({ ...error.extensions });
      return new GraphQLError(error.message, {
        ...(error.nodes ? { nodes: error.nodes } : {}),
        ...(error.path ? { path: error.path } : {}),
        ...(extensions ? { extensions } : {}),
      });
    }
    deps.logger.error({ err: original, path: error.path }, 'unexpected subscription error');
    return new GraphQLError('Internal server error', {
      ...(error.path ? { path: error.path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });
  return { ...result, errors };
}

export function createStreamRoute(options: StreamRouteOptions) {
  const { schema, deps, hub, limits } = options;

  const prepare = (context: StreamContext, params: RequestParams) => {
    let document: DocumentNode;
    try {
      document = parse(params.query);
    } catch (error) {
      return refused((error as Error).message, 'GRAPHQL_PARSE_FAILED');
    }
    const invalid = validate(schema, document);
    if (invalid.length > 0) {
      return {
        data: null,
        errors: invalid.map(
          (error) =>
            new GraphQLError(error.message, {
              ...(error.nodes ? { nodes: error.nodes } : {}),
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
            }),
        ),
      } satisfies ExecutionResult;
    }
    const operation = getOperationAST(document, params.operationName);
    if (!operation) {
      return refused(
        params.operationName
          ? `No operation named "${params.operationName}" in the document`
          : 'The document must hold exactly one operation, or name one with operationName',
        'BAD_USER_INPUT',
      );
    }
    if (operation.operation !== 'subscription') {
      return refused(
        `Only subscriptions are served at /graphql/stream; send a ${operation.operation} to /graphql`,
        'BAD_USER_INPUT',
      );
    }
    const variables = params.variables ?? {};
    const measured = operationCost(schema, document, operation, variables);
    if (measured && measured.depth > limits.maxDepth) {
      return refused(
        `Query depth ${measured.depth} exceeds the limit of ${limits.maxDepth}`,
        'QUERY_TOO_DEEP',
      );
    }
    if (measured && measured.cost > limits.maxCost) {
      return refused(
        `Query cost ${measured.cost} exceeds the limit of ${limits.maxCost}`,
        'QUERY_TOO_COSTLY',
      );
    }
    return {
      schema,
      document,
      variableValues: variables,
      operationName: params.operationName ?? null,
      contextValue: context,
    };
  };

  const handler = createHandler<IncomingMessage, StreamRequestContext, StreamContext>({
    schema,
    // null: no "single connection mode", whose reserved streams would live in one instance.
    authenticate: () => null,
    onSubscribe: (request, params) => prepare(request.context.graphql, params),
    onNext: (_context, request, result) => {
      request.context.pacing.enqueued(weigh(result));
      return maskErrors(result, deps);
    },
  });

  return async function handleStream(
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    if (request.method !== 'POST') {
      throw new ApiError('BAD_USER_INPUT', 'Subscribe with POST /graphql/stream (graphql-sse)');
    }
    if (request.headers.accept !== 'text/event-stream') {
      throw new ApiError(
        'BAD_USER_INPUT',
        '/graphql/stream answers with Server-Sent Events: send Accept: text/event-stream ' +
          '(a graphql-sse client does)',
      );
    }
    const { actor, keyId, expiresAt } = await authenticateKey(
      deps.db,
      request.headers.authorization,
    );
    if (!hub) {
      throw new ApiError('SERVICE_UNAVAILABLE', 'Live updates are not enabled on this API');
    }
    const body = await readJsonBody(request, MAX_SUBSCRIPTION_BODY_BYTES);
    const pacing = new StreamPacing(options.maxBacklog ?? DEFAULT_MAX_BACKLOG);
    const context = createContext(deps, actor, { hub, key: { keyId, expiresAt }, pacing });
    const [stream, init] = await handler({
      method: 'POST',
      url: request.url ?? '/graphql/stream',
      headers: {
        get: (name) => {
          const value = request.headers[name.toLowerCase()];
          return Array.isArray(value) ? value.join(', ') : value;
        },
      },
      body: (body ?? null) as Record<string, unknown> | null,
      raw: request,
      context: { graphql: context as StreamContext, pacing },
    });
    // Proxies (nginx) must pass each event on at once rather than buffer the stream.
    response.setHeader('x-accel-buffering', 'no');
    response.writeHead(init.status ?? 200, init.statusText, init.headers);
    if (!stream || typeof stream === 'string') {
      response.end(stream);
      return;
    }
    response.once('close', () => {
      pacing.close();
      void stream.return(undefined);
    });
    for await (const chunk of stream) {
      if (!response.writable) break;
      // Each event once the socket took it: pacing then knows how far this client lags.
      const written = await new Promise<boolean>((resolve) => {
        response.write(chunk, (error) => resolve(!error));
      });
      if (!written) break;
      if (chunk.startsWith('event: next')) pacing.written();
    }
    response.end();
  };
}
