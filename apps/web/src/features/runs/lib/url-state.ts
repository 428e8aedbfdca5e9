// The runs table's view lives in the URL (shareable, survives reload, back works):
//   /runs?sort=f1&order=desc&status=RUNNING,FAILED&member=<id>&tag=focal&model=resnet
//        &q=text&size=50&after=<cursor>&page=3&cols=status,name,f1
// Each parameter is a nuqs parser (runsSearchParams): the page reads them with a nuqs loader
// and links are written by a nuqs serializer, in the parsers' order and without defaults, so
// equal views have equal URLs. What nuqs does not do is said here and done around it:
// - nuqs drops an invalid value silently; the table names each one it ignored (a mistyped link
//   still shows runs and says what it ignored), so the raw value of every parameter the loader
//   returned null for is checked again to word a notice;
// - GET forms repeat a list parameter (`status=A&status=B`); nuqs reads the first only, so
//   repeated values are joined with commas before loading (and src/proxy.ts redirects to that);
// - the order's default depends on the sort, and `page` means something only after a cursor:
//   rules across two parameters, applied after loading.
import {
  createLoader,
  createParser,
  createSerializer,
  parseAsArrayOf,
  parseAsInteger,
  parseAsNumberLiteral,
  parseAsStringLiteral,
} from 'nuqs/server';
import type { RunSort, RunStatus } from '@/graphql/generated/graphql';
import {
  COLUMN_KEYS,
  COLUMNS,
  type ColumnKey,
  DEFAULT_COLUMNS,
  SORTABLE_COLUMNS,
  type SortableColumnKey,
} from '@/features/runs/lib/columns';
import { isRunStatus } from '@/lib/run-status';

export const PAGE_SIZES = [25, 50, 100, 200] as const;
export const DEFAULT_PAGE_SIZE = 50;
export type SortOrder = 'asc' | 'desc';

export interface RunsFilter {
  status: RunStatus[];
  member: string | null;
  tag: string | null;
  model: string | null;
  text: string | null;
}

export interface RunsViewState {
  sort: SortableColumnKey;
  order: SortOrder;
  filter: RunsFilter;
  pageSize: number;
  /** Cursor of the row before this page (the API's endCursor of the previous page). */
  after: string | null;
  /** 1-based page number, for display only (the cursor decides the rows). */
  page: number;
  columns: ColumnKey[];
}

export const DEFAULT_STATE: RunsViewState = {
  sort: 'created',
  order: 'desc',
  filter: { status: [], member: null, tag: null, model: null, text: null },
  pageSize: DEFAULT_PAGE_SIZE,
  after: null,
  page: 1,
  columns: [...DEFAULT_COLUMNS],
};

export type SearchParamsInput = URLSearchParams | Record<string, string | string[] | undefined>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CURSOR = /^[A-Za-z0-9_-]{1,512}$/;
const MAX_TEXT = 200;
const MAX_SHORT_TEXT = 64;

/** A trimmed free-text value of at most `max` characters; empty = not set. */
function parseAsText(max: number) {
  return createParser({
    parse: (value) => {
      const trimmed = value.trim();
      return trimmed !== '' && trimmed.length <= max ? trimmed : null;
    },
    serialize: (value: string) => value,
  });
}

/** A run status, in any case (`status=running` from a hand-typed link). */
const parseAsRunStatus = createParser({
  parse: (value) => {
    const upper = value.trim().toUpperCase();
    return isRunStatus(upper) ? upper : null;
  },
  serialize: (value: RunStatus) => value,
});

/** The URL's parameters, in the order a link writes them. */
export const runsSearchParams = {
  sort: parseAsStringLiteral(SORTABLE_COLUMNS),
  order: parseAsStringLiteral(['asc', 'desc'] as const),
  status: parseAsArrayOf(parseAsRunStatus),
  member: createParser({
    parse: (value) => (UUID.test(value.trim()) ? value.trim().toLowerCase() : null),
    serialize: (value: string) => value,
  }),
  tag: parseAsText(MAX_SHORT_TEXT),
  model: parseAsText(MAX_SHORT_TEXT),
  q: parseAsText(MAX_TEXT),
  size: parseAsNumberLiteral(PAGE_SIZES),
  after: createParser({
    parse: (value) => (CURSOR.test(value) ? value : null),
    serialize: (value: string) => value,
  }),
  page: parseAsInteger,
  cols: parseAsArrayOf(parseAsStringLiteral(COLUMN_KEYS)),
};

const loadRunsSearchParams = createLoader(runsSearchParams);
const serializeRunsSearchParams = createSerializer(runsSearchParams);

/** Parameters that are lists: every value of a repeated one counts. */
const LIST_PARAMS = ['status', 'cols'] as const;

/** One value per parameter: lists joined with commas, anything else its first value. */
function normalized(params: SearchParamsInput): URLSearchParams {
  const entries =
    params instanceof URLSearchParams
      ? [...params.keys()].map((name) => [name, params.getAll(name)] as const)
      : Object.entries(params).map(
          ([name, value]) => [name, ([] as string[]).concat(value ?? [])] as const,
        );
  const out = new URLSearchParams();
  for (const [name, values] of entries) {
    if (out.has(name) || values.length === 0) continue;
    const list = (LIST_PARAMS as readonly string[]).includes(name);
    out.set(name, list ? values.filter((value) => value.trim() !== '').join(',') : values[0]!);
  }
  return out;
}

/** Quotes a user-supplied value inside a notice, shortened so a huge URL stays readable. */
function shown(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

function listItems(raw: string | null): string[] {
  return (raw ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

export interface ParsedRunsView {
  state: RunsViewState;
  /** What was ignored and why, e.g. `Ignored sort="speed": ...`. */
  notices: string[];
}

/** The notice for a parameter whose raw value the loader could not use. */
function rejected(name: string, raw: string): string | null {
  switch (name) {
    case 'sort':
      return `Ignored sort=${shown(raw)}: runs can be sorted by ${SORTABLE_COLUMNS.join(', ')}.`;
    case 'order':
      return `Ignored order=${shown(raw)}: use asc or desc.`;
    case 'member':
      return `Ignored member=${shown(raw)}: not a member id.`;
    case 'tag':
    case 'model':
      return `Ignored ${name}: longer than ${MAX_SHORT_TEXT} characters.`;
    case 'q':
      return `Ignored q: longer than ${MAX_TEXT} characters.`;
    case 'size':
      return `Ignored size=${shown(raw)}: page sizes are ${PAGE_SIZES.join(', ')}.`;
    case 'after':
      return `Ignored after=${shown(raw)}: not a page cursor; showing the first page.`;
    default:
      return null;
  }
}

export function parseRunsView(params: SearchParamsInput): ParsedRunsView {
  const raw = normalized(params);
  const values = loadRunsSearchParams(raw);
  // Notices in the order of the parameters, whatever order the URL has them in.
  const noticesOf = new Map<string, string[]>();
  const notice = (name: keyof typeof runsSearchParams, text: string) =>
    noticesOf.set(name, [...(noticesOf.get(name) ?? []), text]);
  for (const name of ['sort', 'order', 'member', 'tag', 'model', 'q', 'size', 'after'] as const) {
    const value = raw.get(name);
    if (values[name] === null && value !== null && value.trim() !== '') {
      const text = rejected(name, value);
      if (text) notice(name, text);
    }
  }
  for (const status of listItems(raw.get('status'))) {
    if (!isRunStatus(status.toUpperCase())) {
      notice('status', `Ignored status ${shown(status)}: not a run status.`);
    }
  }

  const state: RunsViewState = structuredClone(DEFAULT_STATE);
  if (values.sort) {
    state.sort = values.sort;
    state.order = COLUMNS[values.sort].sort.firstDirection;
  }
  if (values.order) state.order = values.order;
  state.filter = {
    status: [...new Set(values.status ?? [])],
    member: values.member,
    tag: values.tag,
    model: values.model,
    text: values.q,
  };
  if (values.size) state.pageSize = values.size;

  const page = raw.get('page');
  if (values.after) {
    state.after = values.after;
    state.page = values.page !== null && values.page >= 2 ? values.page : 2;
    if (page && String(state.page) !== page) {
      notice('page', `Ignored page=${shown(page)}: not a page number.`);
    }
  } else if (page && page !== '1') {
    notice(
      'page',
      `Ignored page=${shown(page)}: pages are reached with the Next link; showing the first page.`,
    );
  }

  const picked = listItems(raw.get('cols'));
  const known = values.cols ?? [];
  const unknown = picked.filter((key) => !(COLUMN_KEYS as readonly string[]).includes(key));
  if (unknown.length > 0) {
    notice(
      'cols',
      `Ignored columns ${[...new Set(unknown)].map(shown).join(', ')}: not columns of this table.`,
    );
  }
  // Keep the table's own order, whatever order the URL lists them in.
  if (known.length > 0) state.columns = DEFAULT_COLUMNS.filter((key) => known.includes(key));
  const notices = Object.keys(runsSearchParams).flatMap((name) => noticesOf.get(name) ?? []);
  return { state, notices };
}

/** The query string of a view (without `?`), omitting defaults. */
export function serializeRunsView(state: RunsViewState): string {
  const defaultColumns =
    state.columns.length === DEFAULT_COLUMNS.length &&
    state.columns.every((key, index) => key === DEFAULT_COLUMNS[index]);
  return serializeRunsSearchParams({
    sort: state.sort === DEFAULT_STATE.sort ? null : state.sort,
    order: state.order === COLUMNS[state.sort].sort.firstDirection ? null : state.order,
    status: state.filter.status.length > 0 ? state.filter.status : null,
    member: state.filter.member,
    tag: state.filter.tag,
    model: state.filter.model,
    q: state.filter.text,
    size:
      state.pageSize === DEFAULT_PAGE_SIZE ? null : (state.pageSize as (typeof PAGE_SIZES)[number]),
    after: state.after,
    page: state.after ? state.page : null,
    cols: defaultColumns ? null : state.columns,
  }).replace(/^\?/, '');
}

/**
 * The parts of a view a GET form does not edit itself, as hidden inputs, so submitting the
 * filters keeps the sort and columns (and the column picker keeps the filters).
 */
export function hiddenFields(
  state: RunsViewState,
  editedByForm: readonly string[],
): [string, string][] {
  return [...new URLSearchParams(serializeRunsView(state)).entries()].filter(
    ([name]) => !editedByForm.includes(name),
  );
}

export function runsHref(state: RunsViewState): string {
  const query = serializeRunsView(state);
  return query ? `/runs?${query}` : '/runs';
}

/** Any change of sort, filter or page size starts again at the first page. */
function firstPage(state: RunsViewState): RunsViewState {
  return { ...state, after: null, page: 1 };
}

/** Clicking a column header: sort by it, or flip the order when it is already the sort. */
export function withSortToggled(state: RunsViewState, column: SortableColumnKey): RunsViewState {
  const order: SortOrder =
    state.sort === column
      ? state.order === 'asc'
        ? 'desc'
        : 'asc'
      : COLUMNS[column].sort.firstDirection;
  return firstPage({ ...state, sort: column, order });
}

export function withFilter(state: RunsViewState, filter: Partial<RunsFilter>): RunsViewState {
  return firstPage({ ...state, filter: { ...state.filter, ...filter } });
}

export function withNextPage(state: RunsViewState, endCursor: string): RunsViewState {
  return { ...state, after: endCursor, page: state.page + 1 };
}

export function withFirstPage(state: RunsViewState): RunsViewState {
  return firstPage(state);
}

export function withColumns(state: RunsViewState, columns: readonly ColumnKey[]): RunsViewState {
  return { ...state, columns: DEFAULT_COLUMNS.filter((key) => columns.includes(key)) };
}

/** The API's RunSort value of a view, e.g. BEST_MACRO_F1_DESC. */
export function apiSortOf(state: RunsViewState): RunSort {
  const sort = COLUMNS[state.sort].sort;
  return state.order === 'asc' ? sort.asc : sort.desc;
}

/** Whether any filter is set (the empty state then says "no run matches", not "no runs yet"). */
export function hasFilter(filter: RunsFilter): boolean {
  return (
    filter.status.length > 0 ||
    filter.member !== null ||
    filter.tag !== null ||
    filter.model !== null ||
    filter.text !== null
  );
}
