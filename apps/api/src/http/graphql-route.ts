// POST/GET /graphql: authenticate, then hand the request to Apollo's transport-neutral
// executeHTTPGraphQLRequest (Apollo 5 ships no node:http integration besides standalone, and
// standalone cannot share its port with the artifact routes).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import { authenticate } from '../auth/api-keys.ts';
import { createContext, type GraphQLContext } from '../graphql/context.ts';
import type { Actor, ServiceDeps } from '../services/deps.ts';
import { isAnonymousOperation } from './anonymous-operation.ts';
import { graphqlResponseStatus } from './graphql-response-status.ts';
import { readJsonBody } from './respond.ts';

const MAX_GRAPHQL_BODY_BYTES = 4 * 1024 * 1024;

/** The caller of an anonymous operation: no member, and the role that may write nothing. */
const ANONYMOUS_ACTOR: Actor = { memberId: '00000000-0000-0000-0000-000000000000', role: 'viewer' };

export async function handleGraphql(
  apollo: ApolloServer<GraphQLContext>,
  deps: ServiceDeps,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  const body =
    request.method === 'POST' ? await readJsonBody(request, MAX_GRAPHQL_BODY_BYTES) : undefined;
  // Without a key only the sign-in link's redemption may run, as a viewer (who writes nothing).
  const actor =
    request.headers.authorization === undefined && isAnonymousOperation(body)
      ? ANONYMOUS_ACTOR
      : await authenticate(deps.db, request.headers.authorization);
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const result = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: request.method ?? 'POST', headers, search: url.search, body },
    context: async () => createContext(deps, actor),
  });
  for (const [name, value] of result.headers) response.setHeader(name, value);
  response.statusCode = result.status ?? 200;
  if (result.body.kind === 'complete') {
    response.statusCode = graphqlResponseStatus(
      result.headers.get('content-type'),
      response.statusCode,
      result.body.string,
    );
    response.end(result.body.string);
    return;
  }
  for await (const chunk of result.body.asyncIterator) response.write(chunk);
  response.end();
}
