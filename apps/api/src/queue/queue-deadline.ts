// A queue operation that cannot reach Redis must fail within seconds, not wait for Redis to
// come back: the caller gets SERVICE_UNAVAILABLE and can decide to retry.
import { ApiError } from '../lib/errors.ts';

/** How long one queue operation may take before the queue is reported unavailable. */
export const QUEUE_DEADLINE_MS = 3000;

export function queueUnavailable(action: string, cause: unknown): ApiError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new ApiError(
    'SERVICE_UNAVAILABLE',
    `The launch queue (Redis) is unavailable, could not ${action}: ${reason}`,
    { dependency: 'queue' },
  );
}

/** Runs `operation`, turning a failure or a wait past `deadlineMs` into SERVICE_UNAVAILABLE. */
export async function withQueueDeadline<T>(
  action: string,
  operation: () => Promise<T>,
  deadlineMs = QUEUE_DEADLINE_MS,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${deadlineMs} ms`)), deadlineMs);
  });
  try {
    return await Promise.race([operation(), deadline]);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw queueUnavailable(action, error);
  } finally {
    clearTimeout(timer);
  }
}
