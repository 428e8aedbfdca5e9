// Browser side of live updates: a graphql-sse client on this site's /live/stream route (which
// adds the member's key from the httpOnly cookie and relays the API's stream), with no retry of
// its own, so each page decides what a drop means (say so, poll, resume from its cursor).
import { createClient, type ExecutionResult } from 'graphql-sse';

export interface LiveHandlers<T> {
  /** A delivery of data. */
  next(data: T): void;
  /** The stream ended normally (after the run's end). */
  complete(): void;
  /**
   * The stream could not start, broke (network, HTTP refusal), or ended with an error delivery
   * (e.g. SLOW_CONSUMER, a revoked key): the reason, once; no `complete` follows.
   */
  fail(reason: string): void;
  /** The API answered and is now watching: anything that changes from here on is delivered. */
  connected?(): void;
}

/** The code of a delivery's first error (e.g. SLOW_CONSUMER), if it has one. */
function liveErrorOf(result: ExecutionResult<unknown, unknown>): string | undefined {
  const error = result.errors?.[0] as { message?: string } | undefined;
  return error ? (error.message ?? 'the stream reported an error') : undefined;
}

/** Subscribes with a document's text; returns the unsubscribe. */
export function openLiveStream<T>(
  query: string,
  variables: Record<string, unknown>,
  handlers: LiveHandlers<T>,
): () => void {
  const client = createClient({
    url: new URL('/live/stream', window.location.origin).toString(),
    retryAttempts: 0,
    credentials: 'same-origin',
  });
  // An error delivery is followed by the stream's completion: the page hears the reason once.
  let failed = false;
  const fail = (reason: string) => {
    if (failed) return;
    failed = true;
    handlers.fail(reason);
  };
  const unsubscribe = client.subscribe<T, unknown>(
    { query, variables },
    {
      next: (result) => {
        const error = liveErrorOf(result);
        if (error) fail(error);
        else if (result.data) handlers.next(result.data);
      },
      complete: () => {
        if (!failed) handlers.complete();
      },
      error: (error: unknown) =>
        fail(error instanceof Error ? error.message : 'the live stream broke'),
    },
    // The relay answers only once the API has subscribed (graphql-sse runs the subscription
    // before it sends headers), so "connected" marks the moment nothing more can be missed.
    { connected: () => handlers.connected?.() },
  );
  return () => {
    unsubscribe();
    client.dispose();
  };
}
