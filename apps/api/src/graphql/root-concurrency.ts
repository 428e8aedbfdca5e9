// graphql-js starts every root field of a query at once. A request of many aliased root fields
// would then take as many database connections as it has fields, starving every other request
// of Prisma's pool; so each request runs at most a few root fields at a time, the others wait
// their turn inside that request.
import type { QueryResolvers } from '../generated/graphql.ts';

/** Root fields of one request that may run at once (each may use up to 3 connections). */
export const ROOT_FIELDS_IN_FLIGHT = 2;

export interface RequestSlots {
  run<T>(work: () => Promise<T>): Promise<T>;
}

export function createRequestSlots(limit = ROOT_FIELDS_IN_FLIGHT): RequestSlots {
  let inFlight = 0;
  const queue: (() => void)[] = [];
  const release = () => {
    inFlight -= 1;
    queue.shift()?.();
  };
  return {
    async run(work) {
      if (inFlight >= limit) await new Promise<void>((resolve) => queue.push(resolve));
      inFlight += 1;
      try {
        return await work();
      } finally {
        release();
      }
    },
  };
}

type AnyResolver = (parent: unknown, args: unknown, context: never, info: unknown) => unknown;

/** Wraps every root Query resolver so it runs in one of its request's slots. */
export function limitRootConcurrency(query: QueryResolvers): QueryResolvers {
  const wrapped: Record<string, AnyResolver> = {};
  for (const [name, resolver] of Object.entries(query as Record<string, AnyResolver>)) {
    wrapped[name] = (parent, args, context: { slots: RequestSlots }, info) =>
      context.slots.run(async () => resolver(parent, args, context as never, info));
  }
  return wrapped as QueryResolvers;
}
