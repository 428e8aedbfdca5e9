// Subscription resolvers: each stream yields items that are an event or the error it ends with;
// `resolve` turns the error into the GraphQL error of that last delivery.
import type { GraphQLError } from 'graphql';
import type { SubscriptionResolvers } from '../../generated/graphql.ts';
import { ApiError } from '../../lib/errors.ts';
import {
  subscribeProjectRuns,
  subscribeRunEvents,
  type StreamItem,
} from '../../live/run-events.ts';
import type { GraphQLContext } from '../context.ts';

function liveOf(context: GraphQLContext) {
  if (!context.live) {
    throw new ApiError(
      'BAD_USER_INPUT',
      'Subscriptions are served at /graphql/stream (graphql-sse), not at /graphql',
    );
  }
  return context.live;
}

function unwrap<T>(item: StreamItem<T>): T {
  if ('error' in item) throw item.error satisfies GraphQLError;
  return item.event;
}

export const Subscription: SubscriptionResolvers = {
  runEvents: {
    subscribe: async (_parent, args, context) => {
      return subscribeRunEvents(context.db, liveOf(context), args);
    },
    resolve: (item: StreamItem<never>) => unwrap(item),
  },
  projectRunChanges: {
    subscribe: async (_parent, { projectId }, context) => {
      return subscribeProjectRuns(context.db, liveOf(context), projectId);
    },
    resolve: (item: StreamItem<never>) => unwrap(item),
  },
};
