// The dashboard's only door to the data: POST a typed document to the API's /graphql with the
// member's key (from the httpOnly cookie) as `Authorization: Bearer`, and turn every failure
// into an ApiProblem a page can show. Server-only: the key must never reach browser code.
import 'server-only';
import { redirect } from 'next/navigation';
import { serverEnv } from '@/env';
import { readSessionKey } from '@/lib/session';
import { logger } from '@/server/logger';
import {
  type ApiProblem,
  problemFromGraphQLErrors,
  problemFromHttpStatus,
  problemFromNetworkError,
} from './api-problem';
import type { TypedDocumentString } from '@/graphql/generated/graphql';

const REQUEST_TIMEOUT_MS = 15_000;

export type ApiResult<T> = { ok: true; data: T } | { ok: false; problem: ApiProblem };

export interface ExecuteOptions {
  /** Use this key instead of the session's (sign-in checks a pasted key before storing it). */
  key?: string;
  /**
   * What to do when the API says the key is not valid: `redirect` (the default) sends the
   * member to sign-in with the reason; `return` hands the problem back (sign-in, CSV export).
   */
  onUnauthenticated?: 'redirect' | 'return';
}

/** Sends a document with an explicit key (or none): no cookie, no redirect. */
export async function executeWithKey<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  key: string | undefined,
): Promise<ApiResult<TResult>> {
  const { apiUrl } = serverEnv();
  let response: Response;
  try {
    response = await fetch(`${apiUrl}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(key ? { authorization: `Bearer ${key}` } : {}),
      },
      body: JSON.stringify({ query: document.toString(), variables }),
      cache: 'no-store',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    const problem = problemFromNetworkError(error, apiUrl);
    logger.warn({ err: error, apiUrl }, problem.title);
    return { ok: false, problem };
  }
  let body: { data?: TResult | null; errors?: { message?: unknown; extensions?: never }[] };
  try {
    body = (await response.json()) as typeof body;
  } catch (error) {
    logger.warn({ err: error, status: response.status }, 'API reply is not JSON');
    return { ok: false, problem: problemFromHttpStatus(response.status, apiUrl) };
  }
  const problem = problemFromGraphQLErrors(body.errors, response.status);
  if (problem) {
    if (problem.kind === 'api-error') logger.error({ problem }, 'API error');
    return { ok: false, problem };
  }
  if (body.data === undefined || body.data === null) {
    return { ok: false, problem: problemFromHttpStatus(response.status, apiUrl) };
  }
  return { ok: true, data: body.data };
}

/** Sends a document as the signed-in member; without a session, goes to sign-in. */
export async function execute<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  options: ExecuteOptions = {},
): Promise<ApiResult<TResult>> {
  const key = options.key ?? (await readSessionKey());
  const onUnauthenticated = options.onUnauthenticated ?? 'redirect';
  if (!key) {
    if (onUnauthenticated === 'redirect') redirect('/sign-in');
    return {
      ok: false,
      problem: {
        kind: 'unauthenticated',
        title: 'Not signed in',
        detail: 'Sign in with your API key first.',
        signInReason: 'signed-out',
      },
    };
  }
  const result = await executeWithKey(document, variables, key);
  if (!result.ok && result.problem.kind === 'unauthenticated' && onUnauthenticated === 'redirect') {
    redirect(`/sign-in?reason=${result.problem.signInReason ?? 'unknown'}`);
  }
  return result;
}
