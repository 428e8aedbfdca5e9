// Errors of the trainer's API calls. Each names the operation and the API's error code, so a
// log line like "logMetrics failed (BAD_USER_INPUT): points.3.value: ..." explains itself.

/** Codes the client itself assigns when the API gave none. */
export type ClientErrorCode = 'NETWORK' | 'HTTP_ERROR' | 'BAD_RESPONSE';

export class ApiRequestError extends Error {
  constructor(
    /** e.g. `logMetrics` or `uploadArtifact`. */
    readonly operation: string,
    /** The GraphQL `extensions.code` (e.g. `INVALID_STATE`), or a ClientErrorCode. */
    readonly code: string,
    message: string,
    /** HTTP status, when a response arrived. */
    readonly httpStatus: number | undefined,
    /** Extra fields of the GraphQL error (e.g. `status` of an INVALID_STATE run). */
    readonly extensions: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(`${operation} failed (${code}): ${message}`, options);
    this.name = 'ApiRequestError';
  }

  /** Worth retrying: the request may not have reached the API, or the API had a hiccup. */
  get transient(): boolean {
    if (this.code === 'NETWORK') return true;
    if (this.code === 'INTERNAL_SERVER_ERROR') return true;
    return this.httpStatus !== undefined && (this.httpStatus >= 500 || this.httpStatus === 429);
  }
}

export interface RetryOptions {
  /**
   * How long to keep retrying a transient failure, from the first attempt (default 120 s): an
   * API restart or a short outage must not fail a run that has trained for hours.
   */
  budgetMs?: number;
  /** At most this many attempts (default: as many as the budget allows). */
  attempts?: number;
  /** First wait; doubled after each failure up to maxDelayMs. */
  baseDelayMs: number;
  /** Longest wait between two attempts (default 5 s). */
  maxDelayMs?: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  budgetMs: 120_000,
  baseDelayMs: 250,
  maxDelayMs: 5000,
};

/**
 * Retries transient failures only (a rejected input fails at once with the API's message), with
 * exponential backoff, until the attempts or the time budget run out. Callers retry only
 * idempotent requests: a retried logMetrics overwrites the same (run, key, step) points, a
 * retried upload of the same content is answered with the stored artifact.
 */
export async function withRetry<T>(
  call: () => Promise<T>,
  options: RetryOptions = DEFAULT_RETRY,
): Promise<T> {
  const deadline = Date.now() + (options.budgetMs ?? DEFAULT_RETRY.budgetMs!);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const transient = error instanceof ApiRequestError && error.transient;
      const delay = Math.min(
        options.baseDelayMs * 2 ** (attempt - 1),
        options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs!,
      );
      const outOfAttempts = options.attempts !== undefined && attempt >= options.attempts;
      if (!transient || outOfAttempts || Date.now() + delay > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
