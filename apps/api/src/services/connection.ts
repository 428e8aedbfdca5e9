// Relay cursor connections (edges, nodes, pageInfo, totalCount) over keyset pagination. Each
// list orders by columns that end in a unique one and encodes the last row's values of those
// columns as its opaque cursor, so a page costs the same wherever it lies and a row inserted
// meanwhile does not shift the pages. Forward only (first/after): nothing needs to page back.
import type { z } from 'zod';
import { ApiError } from '../lib/errors.ts';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  /** Counted only when a client asks for totalCount (one query, remembered). */
  count: () => Promise<number>;
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/** The page size, checked against the schema's documented 1-200. */
export function pageSize(first: number | null | undefined): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new ApiError(
      'BAD_USER_INPUT',
      `first must be between 1 and ${MAX_PAGE_SIZE} (got ${size})`,
      { field: 'first' },
    );
  }
  return size;
}

export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Reads a cursor back; `list` names the field that issued it, for the error message. */
export function decodeCursor<T>(cursor: string, schema: z.ZodType<T>, list: string): T {
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString()));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through to the error below
  }
  throw new ApiError('BAD_USER_INPUT', `after is not a cursor returned by ${list}`, {
    field: 'after',
  });
}

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= load());
}

/**
 * Builds a page from rows fetched with `take: size + 1` (the extra row only says whether
 * another page follows). hasPreviousPage is true when the page starts after a cursor.
 */
export function toConnection<T>(
  rows: readonly T[],
  size: number,
  after: string | null | undefined,
  cursorOf: (row: T) => string,
  count: () => Promise<number>,
): Connection<T> {
  const nodes = rows.slice(0, size);
  const edges = nodes.map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    nodes,
    pageInfo: {
      hasNextPage: rows.length > size,
      hasPreviousPage: Boolean(after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    count: once(count),
  };
}
