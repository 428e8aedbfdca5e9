// POSTs one GraphQL operation with the trainer's key and turns every failure (network, HTTP,
// GraphQL errors) into an ApiRequestError that names the operation.
import type { TypedDocumentString } from '../generated/graphql.ts';
import { ApiRequestError } from './api-error.ts';

export interface ApiConnection {
  /** Origin of the API, e.g. `http://127.0.0.1:4000` (no trailing slash). */
  url: string;
  /** Sent as `Authorization: Bearer <key>`. */
  key: string;
}

interface GraphQLBody<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; [key: string]: unknown } }[];
}

/** Sends a typed document (./operations.ts); its variables and result are checked by tsc. */
export type GraphqlRequest = <TResult, TVariables>(
  operation: string,
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
) => Promise<TResult>;

export function createGraphqlRequest(connection: ApiConnection): GraphqlRequest {
  const endpoint = `${connection.url}/graphql`;
  return async <TResult, TVariables>(
    operation: string,
    document: TypedDocumentString<TResult, TVariables>,
    variables: TVariables,
  ) => {
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${connection.key}`,
        },
        body: JSON.stringify({ query: document.toString(), variables, operationName: operation }),
      });
    } catch (error) {
      throw new ApiRequestError(
        operation,
        'NETWORK',
        `cannot reach ${endpoint}: ${(error as Error).message}`,
        undefined,
        {},
        { cause: error },
      );
    }
    const text = await response.text();
    let body: GraphQLBody<TResult>;
    try {
      body = JSON.parse(text) as GraphQLBody<TResult>;
    } catch {
      throw new ApiRequestError(
        operation,
        response.ok ? 'BAD_RESPONSE' : 'HTTP_ERROR',
        `HTTP ${response.status} with a non-JSON body: ${text.slice(0, 200)}`,
        response.status,
      );
    }
    const first = body.errors?.[0];
    if (first) {
      const { code, ...extensions } = first.extensions ?? {};
      throw new ApiRequestError(
        operation,
        typeof code === 'string' ? code : 'HTTP_ERROR',
        body.errors!.map((e) => e.message).join('; '),
        response.status,
        extensions,
      );
    }
    if (!response.ok || body.data == null) {
      throw new ApiRequestError(
        operation,
        'HTTP_ERROR',
        `HTTP ${response.status} without data`,
        response.status,
      );
    }
    return body.data;
  };
}
