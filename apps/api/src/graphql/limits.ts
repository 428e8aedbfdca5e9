// Query depth and cost limits, checked during validation, before anything runs. Cost is the
// number of fields a query may resolve plus the work behind the expensive ones (a leaderboard
// scan, a curve comparison, introspection; see ./field-work.ts): a list field multiplies its
// children by the page size it asks for (`first`, `top`, `ids`), so neither a small text that
// fans out nor a thousand aliases of one costly field gets to run.
import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { GraphQLContext } from './context.ts';
import { fieldWork, INTROSPECTION_WORK } from './field-work.ts';

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
}

/** Lists whose length the query does not bound are priced at this many items. */
const DEFAULT_LIST_SIZE = 20;
/** Arguments that bound how many items the field (or the list inside its connection) returns. */
const SIZE_ARGUMENTS = new Set(['first', 'top', 'ids']);

function argumentSize(value: ValueNode, variables: Record<string, unknown>): number | undefined {
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.LIST) return value.values.length;
  if (value.kind === Kind.VARIABLE) {
    const bound = variables[value.name.value];
    if (typeof bound === 'number') return bound;
    if (Array.isArray(bound)) return bound.length;
  }
  return undefined;
}

/** An argument's value as the resolver will see it (literals and variables; enums as names). */
function valueOf(value: ValueNode, variables: Record<string, unknown>): unknown {
  switch (value.kind) {
    case Kind.VARIABLE:
      return variables[value.name.value];
    case Kind.INT:
    case Kind.FLOAT:
      return Number(value.value);
    case Kind.STRING:
    case Kind.ENUM:
      return value.value;
    case Kind.BOOLEAN:
      return value.value;
    case Kind.LIST:
      return value.values.map((item) => valueOf(item, variables));
    default:
      return undefined;
  }
}

interface Measure {
  depth: number;
  cost: number;
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  visiting: Set<string>;
}

/**
 * Depth and cost of a selection set. A size argument (`runs(first: 50)`) prices the first list
 * found at or below its field, so `runs { nodes }` costs 50 nodes, not 50 x 20.
 */
function measure(
  walk: Walk,
  selectionSet: SelectionSetNode,
  parentType: GraphQLNamedType | undefined,
  pendingSize: number | undefined,
): Measure {
  let depth = 0;
  let cost = 0;
  for (const selection of selectionSet.selections) {
    let inner: Measure;
    if (selection.kind === Kind.FIELD) {
      const fieldName = selection.name.value;
      if (fieldName.startsWith('__')) {
        // `__schema` and `__type` answer from the schema at a bounded but large price whatever
        // they select (their nested lists would be overpriced by the page-size rule); the
        // meta field `__typename` is free.
        const work = INTROSPECTION_WORK[fieldName] ?? 0;
        if (work > 0) {
          depth = Math.max(depth, 1);
          cost += work;
        }
        continue;
      }
      const field = isObjectType(parentType) ? parentType.getFields()[fieldName] : undefined;
      const work =
        isObjectType(parentType) && field
          ? fieldWork(parentType.name, fieldName, (name) => {
              const argument = selection.arguments?.find((a) => a.name.value === name);
              return argument ? valueOf(argument.value, walk.variables) : undefined;
            })
          : 0;
      let size = pendingSize;
      for (const argument of selection.arguments ?? []) {
        if (SIZE_ARGUMENTS.has(argument.name.value)) {
          size = argumentSize(argument.value, walk.variables) ?? size;
        }
      }
      const unwrapped = field && isNonNullType(field.type) ? field.type.ofType : field?.type;
      const isList = isListType(unwrapped);
      if (selection.selectionSet) {
        const child = measure(
          walk,
          selection.selectionSet,
          field ? getNamedType(field.type) : undefined,
          isList ? undefined : size,
        );
        const items = isList ? (size ?? DEFAULT_LIST_SIZE) : 1;
        inner = { depth: child.depth + 1, cost: 1 + work + items * child.cost };
      } else {
        inner = { depth: 1, cost: 1 + work };
      }
    } else {
      const name = selection.kind === Kind.FRAGMENT_SPREAD ? selection.name.value : undefined;
      const fragment =
        selection.kind === Kind.FRAGMENT_SPREAD
          ? walk.fragments.get(selection.name.value)
          : selection;
      if (!fragment || (name && walk.visiting.has(name))) continue;
      const typeName = fragment.typeCondition?.name.value;
      const fragmentType = typeName ? walk.schema.getType(typeName) : parentType;
      if (name) walk.visiting.add(name);
      inner = measure(walk, fragment.selectionSet, fragmentType ?? undefined, pendingSize);
      if (name) walk.visiting.delete(name);
    }
    depth = Math.max(depth, inner.depth);
    cost += inner.cost;
  }
  return { depth, cost };
}

/**
 * An Apollo plugin (not a validation rule, because pricing `first: $n` needs the request's
 * variables) that refuses over-deep or over-costly operations before they execute.
 */
export function queryLimitsPlugin(limits: QueryLimits): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, schema }) {
          if (!operation) return;
          const fragments = new Map<string, FragmentDefinitionNode>();
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) {
              fragments.set(definition.name.value, definition);
            }
          }
          const variables = request.variables ?? {};
          const root =
            operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
          const walk = { schema, fragments, variables, visiting: new Set<string>() };
          const { depth, cost } = measure(
            walk,
            operation.selectionSet,
            root ?? undefined,
            undefined,
          );
          if (depth > limits.maxDepth) {
            throw new GraphQLError(`Query depth ${depth} exceeds the limit of ${limits.maxDepth}`, {
              extensions: { code: 'QUERY_TOO_DEEP', http: { status: 400 } },
            });
          }
          if (cost > limits.maxCost) {
            throw new GraphQLError(`Query cost ${cost} exceeds the limit of ${limits.maxCost}`, {
              extensions: { code: 'QUERY_TOO_COSTLY', http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
