// PostgreSQL cannot store U+0000 in text or jsonb (SQLSTATE 22021): a NUL byte in any string a
// request carries (names, tags, reasons, filters, configs) is refused up front as
// BAD_USER_INPUT naming where it is, instead of failing inside the database as an internal
// error that a trainer would retry.
import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, visit, type DocumentNode } from 'graphql';
import { ApiError } from '../lib/errors.ts';
import type { GraphQLContext } from './context.ts';

/** Paths (`$input.tags.1`, `config.name`) of the strings under `value` that hold a NUL byte. */
function nulPaths(value: unknown, path: string, found: string[]): void {
  if (found.length >= 10) return;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) found.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => nulPaths(item, `${path}.${index}`, found));
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      // A key is stored too (JSON configs).
      if (key.includes('\u0000')) found.push(`${path}.${JSON.stringify(key)}`);
      nulPaths(item, `${path}.${key}`, found);
    }
  }
}

/** Arguments written inline in the document, e.g. `cancelRun(id: "…", reason: "a\u0000")`. */
function literalNulPaths(document: DocumentNode, found: string[]): void {
  const fieldNames: string[] = [];
  const argumentNames: string[] = [];
  visit(document, {
    Field: {
      enter: (node) => void fieldNames.push(node.name.value),
      leave: () => void fieldNames.pop(),
    },
    Argument: {
      enter: (node) => void argumentNames.push(node.name.value),
      leave: () => void argumentNames.pop(),
    },
    ObjectField: {
      enter: (node) => void argumentNames.push(node.name.value),
      leave: () => void argumentNames.pop(),
    },
    StringValue: (node) => {
      if (node.value.includes('\u0000') && found.length < 10) {
        found.push([fieldNames.at(-1), ...argumentNames].filter(Boolean).join('.'));
      }
    },
  });
}

export function nulBytePlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          const found: string[] = [];
          for (const [name, value] of Object.entries(request.variables ?? {})) {
            nulPaths(value, `$${name}`, found);
          }
          if (document.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION)) {
            literalNulPaths(document, found);
          }
          if (found.length === 0) return;
          throw new ApiError(
            'BAD_USER_INPUT',
            `Invalid input: ${found.map((path) => `${path}: must not contain a NUL byte (U+0000)`).join('; ')}`,
            {
              fields: found.map((path) => `${path}: must not contain a NUL byte (U+0000)`),
              // A client error, not a server one: a trainer must not retry it.
              http: { status: 400 },
            },
          );
        },
      };
    },
  };
}
