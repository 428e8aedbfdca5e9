// The runs table's view lives in the URL (shareable, survives reload, back works):
//   /runs?sort=f1&order=desc&status=RUNNING,FAILED&member=<id>&tag=focal&model=resnet
//        &q=text&size=50&after=<cursor>&page=3&cols=status,name,f1
// parse() never throws: a value that makes no sense is dropped and named in a notice, so a
// mistyped link still shows runs and says what it ignored. serialize() writes only what
// differs from the defaults, in a fixed order, so equal views have equal URLs.
import {
  COLUMNS,
  type ColumnKey,
  DEFAULT_COLUMNS,
  isColumnKey,
  SORTABLE_COLUMNS,
  type SortableColumnKey,
} from './columns';
import type { RunSort } from '../../../graphql/generated/graphql';
import { isRunStatus, type RunStatusValue } from './run-status';

export const PAGE_SIZES = [25, 50, 100, 200] as const;
export const DEFAULT_PAGE_SIZE = 50;
export type SortOrder = 'asc' | 'desc';

export interface RunsFilter {
  status: RunStatusValue[];
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

function first(params: SearchParamsInput, name: string): string | undefined {
  if (params instanceof URLSearchParams) return params.get(name) ?? undefined;
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Quotes a user-supplied value inside a notice, shortened so a huge URL stays readable. */
function shown(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

/** Every value of a list parameter: `status=A,B` and `status=A&status=B` (a GET form) alike. */
function list(params: SearchParamsInput, name: string): string[] {
  const values =
    params instanceof URLSearchParams
      ? params.getAll(name)
      : ([] as string[]).concat(params[name] ?? []);
  return values
    .flatMap((value) => value.split(','))
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

function textParam(
  params: SearchParamsInput,
  name: string,
  notices: string[],
  max = MAX_TEXT,
): string | null {
  const raw = first(params, name)?.trim();
  if (!raw) return null;
  if (raw.length > max) {
    notices.push(`Ignored ${name}: longer than ${max} characters.`);
    return null;
  }
  return raw;
}

export interface ParsedRunsView {
  state: RunsViewState;
  /** What was ignored and why, e.g. `Ignored sort="speed": ...`. */
  notices: string[];
}

export function parseRunsView(params: SearchParamsInput): ParsedRunsView {
  const notices: string[] = [];
  const state: RunsViewState = structuredClone(DEFAULT_STATE);

  const sort = first(params, 'sort');
  if (sort !== undefined && sort !== '') {
    if ((SORTABLE_COLUMNS as readonly string[]).includes(sort)) {
      state.sort = sort as SortableColumnKey;
      state.order = COLUMNS[state.sort].sort.firstDirection;
    } else {
      notices.push(
        `Ignored sort=${shown(sort)}: runs can be sorted by ${SORTABLE_COLUMNS.join(', ')}.`,
      );
    }
  }
  const order = first(params, 'order');
  if (order === 'asc' || order === 'desc') state.order = order;
  else if (order) notices.push(`Ignored order=${shown(order)}: use asc or desc.`);

  for (const status of list(params, 'status')) {
    const upper = status.toUpperCase();
    if (isRunStatus(upper)) {
      if (!state.filter.status.includes(upper)) state.filter.status.push(upper);
    } else {
      notices.push(`Ignored status ${shown(status)}: not a run status.`);
    }
  }
  const member = first(params, 'member')?.trim();
  if (member) {
    if (UUID.test(member)) state.filter.member = member.toLowerCase();
    else notices.push(`Ignored member=${shown(member)}: not a member id.`);
  }
  state.filter.tag = textParam(params, 'tag', notices, 64);
  state.filter.model = textParam(params, 'model', notices, 64);
  state.filter.text = textParam(params, 'q', notices);

  const size = first(params, 'size');
  if (size) {
    const parsed = Number(size);
    if ((PAGE_SIZES as readonly number[]).includes(parsed)) state.pageSize = parsed;
    else notices.push(`Ignored size=${shown(size)}: page sizes are ${PAGE_SIZES.join(', ')}.`);
  }

  const after = first(params, 'after');
  const page = first(params, 'page');
  if (after) {
    if (CURSOR.test(after)) {
      state.after = after;
      const number = Number(page);
      state.page = Number.isSafeInteger(number) && number >= 2 ? number : 2;
      if (page && state.page !== number) {
        notices.push(`Ignored page=${shown(page)}: not a page number.`);
      }
    } else {
      notices.push(`Ignored after=${shown(after)}: not a page cursor; showing the first page.`);
    }
  } else if (page && page !== '1') {
    notices.push(
      `Ignored page=${shown(page)}: pages are reached with the Next link; showing the first page.`,
    );
  }

  const picked = list(params, 'cols').filter((key, index, all) => all.indexOf(key) === index);
  if (picked.length > 0) {
    const known = picked.filter(isColumnKey);
    const unknown = picked.filter((key) => !isColumnKey(key));
    if (unknown.length > 0) {
      notices.push(`Ignored columns ${unknown.map(shown).join(', ')}: not columns of this table.`);
    }
    // Keep the table's own order, whatever order the URL lists them in.
    if (known.length > 0) state.columns = DEFAULT_COLUMNS.filter((key) => known.includes(key));
  }
  return { state, notices };
}

/** The query string of a view (without `?`), omitting defaults. */
export function serializeRunsView(state: RunsViewState): string {
  const params = new URLSearchParams();
  const defaultOrder = COLUMNS[state.sort].sort.firstDirection;
  if (state.sort !== DEFAULT_STATE.sort) params.set('sort', state.sort);
  if (state.order !== defaultOrder) params.set('order', state.order);
  if (state.filter.status.length > 0) params.set('status', state.filter.status.join(','));
  if (state.filter.member) params.set('member', state.filter.member);
  if (state.filter.tag) params.set('tag', state.filter.tag);
  if (state.filter.model) params.set('model', state.filter.model);
  if (state.filter.text) params.set('q', state.filter.text);
  if (state.pageSize !== DEFAULT_PAGE_SIZE) params.set('size', String(state.pageSize));
  if (state.after) {
    params.set('after', state.after);
    params.set('page', String(state.page));
  }
  const defaultColumns =
    state.columns.length === DEFAULT_COLUMNS.length &&
    state.columns.every((key, index) => key === DEFAULT_COLUMNS[index]);
  if (!defaultColumns) params.set('cols', state.columns.join(','));
  return params.toString();
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

export function withPageSize(state: RunsViewState, pageSize: number): RunsViewState {
  return firstPage({ ...state, pageSize });
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
