// Query depth and cost limits, checked after validation, before anything runs. Cost is the
// number of fields a query may resolve plus the work behind the expensive ones (a leaderboard
// scan, a curve comparison, introspection; see ./field-work.ts): a list field multiplies its
// children by the page size it asks for (`first`, `top`, `ids`; see ./sized-arguments.ts), so
// neither a small text that fans out nor a thousand aliases of one costly field gets to run.
// Arguments are priced at the values the resolvers will see, coerced by graphql-js itself:
// inline, from a variable, from a variable's default in the operation, or the schema's default.
import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  getArgumentValues,
  getNamedType,
  getVariableValues,
  isListType,
  isNonNullType,
  isObjectType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { GraphQLContext } from './context.ts';
import type { Admitted, MemberAdmission } from './member-admission.ts';
import { fieldWork, INTROSPECTION_WORK } from './field-work.ts';
import {
  FIXED_LIST_LENGTHS,
  UNBOUNDED_LIST_SIZE,
  UNLISTED_LIST_ITEM_WORK,
  argumentRole,
} from './sized-arguments.ts';

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
}

/** A count from an argument: a negative or fractional number must not lower the price. */
function itemCount(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.max(0, Math.ceil(value));
  if (Array.isArray(value)) return value.length;
  return undefined;
}

interface Measure {
  depth: number;
  cost: number;
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  /** The operation's variables coerced as execution will: defaults applied. */
  variables: Record<string, unknown>;
  visiting: Set<string>;
}

/**
 * The arguments the resolver will receive. An argument that cannot be coerced fails that field
 * before its resolver runs, so pricing it with the schema's defaults only is enough.
 */
function argumentsOf(walk: Walk, field: GraphQLField<unknown, unknown>, node: FieldNode) {
  try {
    return getArgumentValues(field, node, walk.variables);
  } catch {
    return Object.fromEntries(
      field.args.flatMap((arg) =>
        arg.defaultValue === undefined ? [] : [[arg.name, arg.defaultValue] as const],
      ),
    );
  }
}

/** The price of one field's arguments: its page size (if any) and the work of unlisted lists. */
function priceArguments(typeName: string, fieldName: string, args: Record<string, unknown>) {
  let page: number | undefined;
  let unlisted: number | undefined;
  let work = 0;
  for (const [name, value] of Object.entries(args)) {
    const role = argumentRole(typeName, fieldName, name, value);
    const count = itemCount(value);
    if (count === undefined) continue;
    if (role === 'page' || role === 'items') page = Math.max(page ?? 0, count);
    if (role === 'unlisted-list') {
      unlisted = Math.max(unlisted ?? 0, count);
      work += count * UNLISTED_LIST_ITEM_WORK;
    }
  }
  return { size: page ?? unlisted, work };
}

/**
 * Depth and cost of a selection set. A size argument (`runs(first: 50)`) prices the first list
 * found at or below its field, so `runs { nodes }` costs 50 nodes, not 50 x 20; a list nested
 * in another multiplies (`runs(first: 200) { nodes { evaluations(first: 200) } }` is 40,000
 * evaluations).
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
      const typeName = parentType?.name ?? '';
      const field = isObjectType(parentType) ? parentType.getFields()[fieldName] : undefined;
      // A field the schema lacks fails validation before this plugin runs; priced as a leaf.
      const args = field ? argumentsOf(walk, field, selection) : {};
      const work = field ? fieldWork(typeName, fieldName, (name) => args[name]) : 0;
      const priced = priceArguments(typeName, fieldName, args);
      let size = priced.size ?? pendingSize;
      const unwrapped = field && isNonNullType(field.type) ? field.type.ofType : field?.type;
      const isList = isListType(unwrapped);
      let items = 1;
      if (isList) {
        const fixed = FIXED_LIST_LENGTHS[`${typeName}.${fieldName}`];
        items = fixed ?? size ?? UNBOUNDED_LIST_SIZE;
        // A fixed-length list leaves the size argument to the list below it.
        if (fixed === undefined) size = undefined;
      }
      if (selection.selectionSet) {
        const child = measure(
          walk,
          selection.selectionSet,
          field ? getNamedType(field.type) : undefined,
          size,
        );
        inner = { depth: child.depth + 1, cost: 1 + work + priced.work + items * child.cost };
      } else {
        inner = { depth: 1, cost: 1 + work + priced.work };
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
 * Depth and cost of `operation`, with its variables coerced as execution will coerce them;
 * null when they cannot be (execution then refuses the request before anything runs).
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  rawVariables: Record<string, unknown>,
): Measure | null {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables, {
    maxErrors: 1,
  });
  if (coerced.errors) return null;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(definition.name.value, definition);
    }
  }
  const root =
    operation.operation === 'mutation'
      ? schema.getMutationType()
      : operation.operation === 'subscription'
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  const walk = { schema, fragments, variables: coerced.coerced, visiting: new Set<string>() };
  return measure(walk, operation.selectionSet, root ?? undefined, undefined);
}

/**
 * An Apollo plugin (not a validation rule, because pricing `first: $n` needs the request's
 * variables) that refuses over-deep or over-costly operations before they execute, then admits
 * a query against its member's bound (./member-admission.ts): a heavy one runs on the heavy
 * pool and holds one of the member's heavy slots until its response is sent.
 */
export function queryLimitsPlugin(
  limits: QueryLimits,
  admission: MemberAdmission,
): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      let admitted: Admitted | undefined;
      return {
        async didResolveOperation({ document, operation, request, schema, contextValue }) {
          if (!operation) return;
          const measured = operationCost(schema, document, operation, request.variables ?? {});
          if (!measured) return;
          const { depth, cost } = measured;
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
          if (operation.operation !== 'query') return;
          admitted = admission.admit(contextValue.actor.memberId, cost);
          if (admitted.heavy && contextValue.heavyDb) contextValue.db = contextValue.heavyDb;
        },
        async willSendResponse() {
          admitted?.release();
        },
      };
    },
  };
}
