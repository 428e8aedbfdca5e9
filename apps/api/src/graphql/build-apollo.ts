// The Apollo server: SDL from schema.graphql, thin resolvers, limits, and error masking (only
// GraphQL errors we raised on purpose reach the client; anything else is logged and hidden).
import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { Resolvers } from '../generated/graphql.ts';
import type { GraphQLContext } from './context.ts';
import { errorExtensionsInSchemaSpelling } from './enum-values.ts';
import { queryLimitsPlugin, type QueryLimits } from './limits.ts';
import {
  createMemberAdmission,
  DEFAULT_ADMISSION_LIMITS,
  type AdmissionLimits,
} from './member-admission.ts';
import { nulBytePlugin } from './nul-bytes.ts';
import { Mutation } from './resolvers/mutation.ts';
import { objectResolvers } from './resolvers/objects.ts';
import { Query } from './resolvers/query.ts';
import { Subscription } from './resolvers/subscription.ts';
import { limitRootConcurrency } from './root-concurrency.ts';
import { DateTimeScalar, FloatSeriesScalar, JsonScalar } from './scalars.ts';

export const typeDefs = readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  JSON: JsonScalar,
  FloatSeries: FloatSeriesScalar,
  Query: limitRootConcurrency(Query),
  Mutation,
  Subscription,
  ...objectResolvers,
};

/**
 * One executable schema for both transports: Apollo serves its queries and mutations at
 * /graphql, graphql-sse its subscriptions at /graphql/stream (Apollo 5 has no subscription
 * transport of its own).
 */
export function buildSchema(): GraphQLSchema {
  return makeExecutableSchema({ typeDefs, resolvers });
}

/** Deep enough for every query the dashboard makes (models -> versions -> run -> owner). */
export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxDepth: 10, maxCost: 25_000 };

export interface ApolloOptions {
  schema: GraphQLSchema;
  production: boolean;
  logger: Logger;
  limits?: QueryLimits;
  /** The bound per member; DEFAULT_ADMISSION_LIMITS when absent. */
  admission?: AdmissionLimits;
}

export function buildApollo(options: ApolloOptions): ApolloServer<GraphQLContext> {
  return new ApolloServer<GraphQLContext>({
    schema: options.schema,
    introspection: !options.production,
    includeStacktraceInErrorResponses: false,
    // server.ts owns shutdown (HTTP server, queue, database in order); Apollo's own signal
    // handlers would race it.
    stopOnTerminationSignals: false,
    plugins: [
      queryLimitsPlugin(
        options.limits ?? DEFAULT_QUERY_LIMITS,
        createMemberAdmission(options.admission ?? DEFAULT_ADMISSION_LIMITS),
      ),
      nulBytePlugin(),
    ],
    formatError(formatted, error) {
      const original = unwrapResolverError(error);
      // By toStringTag, not instanceof: a bundler may load a second copy of graphql-js (ESM and
      // CJS builds), and Apollo's own subclasses (UserInputError...) must pass as well.
      if (Object.prototype.toString.call(original) === '[object GraphQLError]') {
        const extensions = errorExtensionsInSchemaSpelling(formatted.extensions);
        return extensions === formatted.extensions ? formatted : { ...formatted, extensions };
      }
      options.logger.error({ err: original, path: formatted.path }, 'unexpected resolver error');
      return {
        message: 'Internal server error',
        path: formatted.path,
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      };
    },
  });
}
