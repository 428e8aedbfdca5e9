// The run list: filters, two orderings and keyset (cursor) pagination. Keyset rather than OFFSET
// so page 200 of 10,000 runs costs the same as page 1 and a run created meanwhile does not shift
// the pages; each ordering ends with the id so cursors are unambiguous.
import { z } from 'zod';
import type { Member, PrismaClient, Run, RunStatus } from '../db.ts';
import { ApiError, parseInput } from '../lib/errors.ts';
import {
  decodeCursor as decodeListCursor,
  encodeCursor as encodeListCursor,
  pageSize,
  toConnection,
  type Connection,
} from './connection.ts';

export type RunSortOrder = 'CREATED_DESC' | 'CREATED_ASC' | 'BEST_MACRO_F1_DESC';

export interface RunListInput {
  filter?: {
    projectId?: string | null;
    memberId?: string | null;
    status?: RunStatus[] | null;
    approach?: string | null;
    tag?: string | null;
    text?: string | null;
  } | null;
  sort?: RunSortOrder | null;
  first?: number | null;
  after?: string | null;
}

export type RunPage = Connection<Run & { member: Member }>;

const filterSchema = z
  .object({
    projectId: z.uuid().nullish(),
    memberId: z.uuid().nullish(),
    status: z.array(z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled'])).nullish(),
    approach: z.string().max(2000).nullish(),
    tag: z.string().max(64).nullish(),
    text: z.string().max(200).nullish(),
  })
  .nullish();

const cursorSchema = z.object({ v: z.union([z.string(), z.number(), z.null()]), id: z.uuid() });
type Cursor = z.infer<typeof cursorSchema>;

function encodeCursor(sort: RunSortOrder, run: Run): string {
  const v = sort === 'BEST_MACRO_F1_DESC' ? run.bestMacroF1 : run.createdAt.toISOString();
  return encodeListCursor({ v, id: run.id });
}

const decodeCursor = (cursor: string): Cursor => decodeListCursor(cursor, cursorSchema, 'runs');

type RunWhere = NonNullable<NonNullable<Parameters<PrismaClient['run']['findMany']>[0]>['where']>;

/** Rows strictly after the cursor in the given ordering. */
function afterCursor(sort: RunSortOrder, cursor: Cursor): RunWhere {
  if (sort === 'BEST_MACRO_F1_DESC') {
    // NULLS LAST: after a scored row come lower scores, equal scores with lower id, then nulls.
    if (cursor.v === null) return { bestMacroF1: null, id: { lt: cursor.id } };
    const v = Number(cursor.v);
    return {
      OR: [
        { bestMacroF1: { lt: v } },
        { bestMacroF1: v, id: { lt: cursor.id } },
        { bestMacroF1: null },
      ],
    };
  }
  const at = new Date(String(cursor.v));
  if (Number.isNaN(at.getTime())) {
    throw new ApiError('BAD_USER_INPUT', 'after does not match the requested sort', {
      field: 'after',
    });
  }
  const op = sort === 'CREATED_DESC' ? 'lt' : 'gt';
  return { OR: [{ createdAt: { [op]: at } }, { createdAt: at, id: { [op]: cursor.id } }] };
}

export async function listRuns(db: PrismaClient, input: RunListInput): Promise<RunPage> {
  const sort = input.sort ?? 'CREATED_DESC';
  const first = pageSize(input.first);
  const filter = parseInput(filterSchema, input.filter, 'filter') ?? {};
  // Prisma's `contains` is an ILIKE without escaping: a `%` or `_` the member typed would match
  // anything. Backslash is PostgreSQL's default LIKE escape.
  const text = filter.text?.trim().replace(/[\\%_]/g, (character) => `\\${character}`);
  const where: RunWhere = {
    ...(filter.projectId ? { projectId: filter.projectId } : {}),
    ...(filter.memberId ? { memberId: filter.memberId } : {}),
    ...(filter.status?.length ? { status: { in: filter.status } } : {}),
    ...(filter.approach ? { approach: filter.approach } : {}),
    ...(filter.tag ? { tags: { has: filter.tag } } : {}),
    ...(text
      ? {
          OR: [
            { name: { contains: text, mode: 'insensitive' as const } },
            { approach: { contains: text, mode: 'insensitive' as const } },
          ],
        }
      : {}),
  };
  const pageWhere: RunWhere = input.after
    ? { AND: [where, afterCursor(sort, decodeCursor(input.after))] }
    : where;
  const orderBy =
    sort === 'BEST_MACRO_F1_DESC'
      ? [
          { bestMacroF1: { sort: 'desc' as const, nulls: 'last' as const } },
          { id: 'desc' as const },
        ]
      : sort === 'CREATED_ASC'
        ? [{ createdAt: 'asc' as const }, { id: 'asc' as const }]
        : [{ createdAt: 'desc' as const }, { id: 'desc' as const }];
  const rows = await db.run.findMany({
    where: pageWhere,
    orderBy,
    take: first + 1,
    include: { member: true },
  });
  return toConnection(
    rows,
    first,
    input.after,
    (run) => encodeCursor(sort, run),
    () => db.run.count({ where }),
  );
}
