// How far a subscriber's HTTP stream lags behind its subscription. graphql-sse's handler pulls
// a subscription's events as fast as they come and queues them, unbounded, until the socket
// takes them; so the route (http/stream-route.ts) counts what it queued (`enqueued`, weighed
// in points) against what the socket took (`written`). Past `limit` the subscriber is dropped
// with SLOW_CONSUMER, so a client that reads slower than a run logs costs a bounded amount of
// memory; a resuming subscriber's replay waits for `drained()` instead, so sending a long
// history to a client that reads it at its own pace is not mistaken for slowness.
import { GraphQLError } from 'graphql';

export function slowConsumer(waiting: number): GraphQLError {
  return new GraphQLError(
    `Dropped: this client read too slowly (${waiting} points were waiting to be sent); ` +
      'subscribe again with `after` to resume where it left off',
    { extensions: { code: 'SLOW_CONSUMER' } },
  );
}

export class StreamPacing {
  private readonly queued: number[] = [];
  private total = 0;
  private waiters: (() => void)[] = [];
  private readonly dropHandlers = new Set<(error: GraphQLError) => void>();

  constructor(readonly limit: number) {}

  /** What ends the subscription when the lag passes the limit; returns its removal. */
  onDrop(handler: (error: GraphQLError) => void): () => void {
    this.dropHandlers.add(handler);
    return () => this.dropHandlers.delete(handler);
  }

  enqueued(weight: number): void {
    this.queued.push(weight);
    this.total += weight;
    // One delivery always fits, however large a batch the trainer logged.
    if (this.total > this.limit && this.queued.length > 1) {
      const error = slowConsumer(this.total);
      for (const handler of this.dropHandlers) handler(error);
    }
  }

  written(): void {
    const weight = this.queued.shift();
    if (weight !== undefined) this.total -= weight;
    if (this.total <= this.limit / 2) this.release();
  }

  /** Resolves once at most half the limit waits (at once if so already). */
  drained(): Promise<void> {
    if (this.total <= this.limit / 2) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The stream is gone: nobody waits for it to drain any more. */
  close(): void {
    this.release();
  }

  private release(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
