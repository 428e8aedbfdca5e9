// A subscriber's backlog: what the hub has fanned out to it and its HTTP stream has not sent
// yet. Bounded, because a client that reads slower than a run logs would otherwise make the
// API buffer without end: past `limit` (weighed in points, at least 1 per item) the backlog is
// dropped and replaced by one error that says why, and the subscription ends after it.
import type { GraphQLError } from 'graphql';

export type BacklogItem<T> = { event: T } | { error: GraphQLError };

export interface Backlog<T> extends AsyncIterable<BacklogItem<T>> {
  /** Adds an event; past the limit the backlog becomes `overflow()`'s error. */
  push(event: T): void;
  /** Ends with an error (sent after nothing else: what was waiting is dropped). */
  fail(error: GraphQLError): void;
  /** Ends now: a pending read resolves as done. */
  close(): void;
  readonly closed: boolean;
}

export function createBacklog<T>(options: {
  limit: number;
  weigh: (event: T) => number;
  overflow: (waiting: number) => GraphQLError;
}): Backlog<T> {
  let items: BacklogItem<T>[] = [];
  let weight = 0;
  /** No more pushes; reads drain `items` and then end. */
  let ended = false;
  let waiter: ((result: IteratorResult<BacklogItem<T>>) => void) | undefined;

  const wake = () => {
    if (!waiter) return;
    const item = items.shift();
    if (item) {
      if ('event' in item) weight -= Math.max(1, options.weigh(item.event));
      const resolve = waiter;
      waiter = undefined;
      resolve({ value: item, done: false });
    } else if (ended) {
      const resolve = waiter;
      waiter = undefined;
      resolve({ value: undefined, done: true });
    }
  };

  const backlog: Backlog<T> = {
    get closed() {
      return ended;
    },
    push(event) {
      if (ended) return;
      items.push({ event });
      weight += Math.max(1, options.weigh(event));
      // One item always fits, however large a batch the trainer logged.
      if (weight > options.limit && items.length > 1) {
        backlog.fail(options.overflow(weight));
        return;
      }
      wake();
    },
    fail(error) {
      if (ended) return;
      items = [{ error }];
      weight = 0;
      ended = true;
      wake();
    },
    close() {
      items = [];
      weight = 0;
      ended = true;
      wake();
    },
    [Symbol.asyncIterator]() {
      return {
        next() {
          return new Promise<IteratorResult<BacklogItem<T>>>((resolve) => {
            waiter = resolve;
            wake();
          });
        },
        async return() {
          backlog.close();
          return { value: undefined, done: true };
        },
      };
    },
  };
  return backlog;
}
