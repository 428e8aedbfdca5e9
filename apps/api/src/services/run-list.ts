// The run list: filters, orderings and keyset (cursor) pagination. Keyset rather than OFFSET
// so page 200 of 10,000 runs costs the same as page 1 and a run created meanwhile does not shift
// the pages; each ordering ends with the id so cursors are unambiguous. Every ordering is one
// column (stored on Run, indexed where it matters) plus the id, so one rule pages them all.
// Status is a PostgreSQL enum, which sorts by declaration order; Prisma can ORDER BY it but has
// no lt/gt filter on enums, so "after this status" is written as `status IN (the later ones)`.
import { RUN_STATUSES } from '@hpa-lab/ml/config';
import { z } from 'zod';
import type { Member, PrismaClient, Run, RunStatus } from '../db.ts';
import { ENUM_VALUES } from '../graphql/enum-values.ts';
import { ApiError, parseInput } from '../lib/errors.ts';
import {
  decodeCursor as decodeListCursor,
  encodeCursor as encodeListCursor,
  pageSize,
  toConnection,
  type Connection,
} from './connection.ts';

export type RunSortOrder =
  | 'CREATED_DESC'
  | 'CREATED_ASC'
  | 'BEST_MACRO_F1_DESC'
  | 'BEST_MACRO_F1_ASC'
  | 'RARE_CLASS_F1_DESC'
  | 'RARE_CLASS_F1_ASC'
  | 'NAME_ASC'
  | 'NAME_DESC'
  | 'DURATION_DESC'
  | 'DURATION_ASC'
  | 'STATUS_ASC'
  | 'STATUS_DESC';

type SortField = 'createdAt' | 'bestMacroF1' | 'rareClassF1' | 'name' | 'durationMs' | 'status';

/**
 * RunStatus in the order PostgreSQL sorts it: the order of `CREATE TYPE "RunStatus" AS ENUM`
 * (packages/db's first migration), which is the run's life: queued, running, then how it ended.
 * test/run-sorts.test.ts reads pg_enum and fails if a migration ever reorders it.
 */
export const RUN_STATUS_ORDER: readonly RunStatus[] = RUN_STATUSES.map(
  (name) => ENUM_VALUES.RunStatus[name],
);

interface SortSpec {
  field: SortField;
  direction: 'asc' | 'desc';
  /** Nullable columns put their nulls last in both directions (runs not scored/finished yet). */
  nullable: boolean;
}

const SORTS: Record<RunSortOrder, SortSpec> = {
  CREATED_DESC: { field: 'createdAt', direction: 'desc', nullable: false },
  CREATED_ASC: { field: 'createdAt', direction: 'asc', nullable: false },
  BEST_MACRO_F1_DESC: { field: 'bestMacroF1', direction: 'desc', nullable: true },
  BEST_MACRO_F1_ASC: { field: 'bestMacroF1', direction: 'asc', nullable: true },
  RARE_CLASS_F1_DESC: { field: 'rareClassF1', direction: 'desc', nullable: true },
  RARE_CLASS_F1_ASC: { field: 'rareClassF1', direction: 'asc', nullable: true },
  NAME_ASC: { field: 'name', direction: 'asc', nullable: false },
  NAME_DESC: { field: 'name', direction: 'desc', nullable: false },
  DURATION_DESC: { field: 'durationMs', direction: 'desc', nullable: true },
  DURATION_ASC: { field: 'durationMs', direction: 'asc', nullable: true },
  STATUS_ASC: { field: 'status', direction: 'asc', nullable: false },
  STATUS_DESC: { field: 'status', direction: 'desc', nullable: false },
};

export interface RunListInput {
  filter?: {
    projectId?: string | null;
    memberId?: string | null;
    status?: RunStatus[] | null;
    approach?: string | null;
    tag?: string | null;
    text?: string | null;
    model?: string | null;
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
    status: z.array(z.enum(RUN_STATUS_ORDER)).nullish(),
    approach: z.string().max(2000).nullish(),
    tag: z.string().max(64).nullish(),
    text: z.string().max(200).nullish(),
    model: z.string().max(64).nullish(),
  })
  .nullish();

const cursorSchema = z.object({ v: z.union([z.string(), z.number(), z.null()]), id: z.uuid() });
type Cursor = z.infer<typeof cursorSchema>;

function encodeCursor(sort: SortSpec, run: Run): string {
  const value = run[sort.field];
  return encodeListCursor({ v: value instanceof Date ? value.toISOString() : value, id: run.id });
}

const decodeCursor = (cursor: string): Cursor => decodeListCursor(cursor, cursorSchema, 'runs');

type RunWhere = NonNullable<NonNullable<Parameters<PrismaClient['run']['findMany']>[0]>['where']>;

function mismatch(): ApiError {
  return new ApiError('BAD_USER_INPUT', 'after does not match the requested sort', {
    field: 'after',
  });
}

/** The cursor's value as the sort column's type; refuses a cursor issued for another sort. */
function cursorValue(sort: SortSpec, cursor: Cursor): string | number | Date | null {
  const { v } = cursor;
  if (v === null) {
    if (!sort.nullable) throw mismatch();
    return null;
  }
  if (sort.field === 'createdAt') {
    const at = typeof v === 'string' ? new Date(v) : new Date(Number.NaN);
    if (Number.isNaN(at.getTime())) throw mismatch();
    return at;
  }
  if (sort.field === 'name') {
    if (typeof v !== 'string') throw mismatch();
    return v;
  }
  if (sort.field === 'status') {
    if (typeof v !== 'string' || !RUN_STATUS_ORDER.includes(v as RunStatus)) throw mismatch();
    return v;
  }
  if (typeof v !== 'number') throw mismatch();
  return v;
}

/** Rows strictly after the cursor in the given ordering (nulls last, ties broken by id). */
function afterCursor(sort: SortSpec, cursor: Cursor): RunWhere {
  const op = sort.direction === 'desc' ? 'lt' : 'gt';
  const value = cursorValue(sort, cursor);
  const { field } = sort;
  // After a null come only nulls with a further id.
  if (value === null) return { [field]: null, id: { [op]: cursor.id } };
  if (field === 'status') {
    const position = RUN_STATUS_ORDER.indexOf(value as RunStatus);
    const later =
      sort.direction === 'asc'
        ? RUN_STATUS_ORDER.slice(position + 1)
        : RUN_STATUS_ORDER.slice(0, position);
    return {
      OR: [{ status: { in: [...later] } }, { status: value as RunStatus, id: { [op]: cursor.id } }],
    };
  }
  return {
    OR: [
      { [field]: { [op]: value } },
      { [field]: value, id: { [op]: cursor.id } },
      ...(sort.nullable ? [{ [field]: null }] : []),
    ],
  };
}

function orderByOf(sort: SortSpec) {
  const { field, direction } = sort;
  return [
    sort.nullable
      ? { [field]: { sort: direction, nulls: 'last' as const } }
      : { [field]: direction },
    { id: direction },
  ];
}

export async function listRuns(db: PrismaClient, input: RunListInput): Promise<RunPage> {
  const sort = SORTS[input.sort ?? 'CREATED_DESC'];
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
    // The architecture is the config's model.name (packages/ml's TrainConfig).
    ...(filter.model ? { config: { path: ['model', 'name'], equals: filter.model } } : {}),
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
  const rows = await db.run.findMany({
    where: pageWhere,
    orderBy: orderByOf(sort),
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
