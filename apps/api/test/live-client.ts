// A live subscription in tests, through the graphql-sse client as any client of the API would
// subscribe: every delivery kept in order, with waits that end on an event (a generous guard
// only stops a test that would otherwise hang; no assertion is about speed).
import { createClient, type ExecutionResult } from 'graphql-sse';
import type { TypedDocument } from './child-processes.ts';

export interface LiveError {
  message: string;
  extensions?: { code?: string; [key: string]: unknown };
}

export interface LiveSubscription<T> {
  /** Every delivery so far, in order. */
  results: ExecutionResult<T, unknown>[];
  /** Resolves when the stream completes (null) or fails as a transport (the error). */
  ended: Promise<unknown>;
  /** Resolves once `predicate` holds for the deliveries so far; rejects on a hang. */
  until(predicate: (results: ExecutionResult<T, unknown>[]) => boolean): Promise<void>;
  dispose(): void;
}

const GUARD_MS = 60_000;

export function subscribeLive<TResult, TVariables>(
  url: string,
  key: string | null,
  document: TypedDocument<TResult, TVariables> | string,
  variables?: TVariables,
): LiveSubscription<TResult> {
  const client = createClient({
    url: `${url}/graphql/stream`,
    headers: key ? { authorization: `Bearer ${key}` } : {},
    retryAttempts: 0,
  });
  const results: ExecutionResult<TResult, unknown>[] = [];
  const checks = new Set<() => void>();
  let finish: (value: unknown) => void = () => {};
  const ended = new Promise<unknown>((resolve) => (finish = resolve));
  let done = false;
  const wake = () => {
    for (const check of checks) check();
  };
  const dispose = client.subscribe<TResult, unknown>(
    { query: document.toString(), variables: (variables ?? {}) as Record<string, unknown> },
    {
      next: (result) => {
        results.push(result);
        wake();
      },
      error: (error) => {
        done = true;
        finish(error);
        wake();
      },
      complete: () => {
        done = true;
        finish(null);
        wake();
      },
    },
  );
  return {
    results,
    ended,
    dispose() {
      dispose();
      client.dispose();
    },
    until(predicate) {
      return new Promise<void>((resolve, reject) => {
        const guard = setTimeout(() => {
          checks.delete(check);
          reject(new Error(`gave up waiting after ${results.length} deliveries`));
        }, GUARD_MS);
        const check = () => {
          if (predicate(results)) {
            clearTimeout(guard);
            checks.delete(check);
            resolve();
          } else if (done) {
            clearTimeout(guard);
            checks.delete(check);
            reject(new Error(`the stream ended after ${results.length} deliveries`));
          }
        };
        checks.add(check);
        check();
      });
    },
  };
}
