import { describe, expect, it } from 'vitest';
import {
  apiSortOf,
  DEFAULT_STATE,
  hiddenFields,
  parseRunsView,
  runsHref,
  serializeRunsView,
  withColumns,
  withFilter,
  withNextPage,
  withSortToggled,
} from './url-state';

const MEMBER = '6f1c2b8e-4a9d-4c1e-9b3a-2d7e8f901234';

describe('parseRunsView', () => {
  it('gives the defaults for an empty query', () => {
    expect(parseRunsView({})).toEqual({ state: DEFAULT_STATE, notices: [] });
    expect(apiSortOf(DEFAULT_STATE)).toBe('CREATED_DESC');
  });

  it('reads every part of a view', () => {
    const { state, notices } = parseRunsView(
      new URLSearchParams(
        `sort=f1&order=asc&status=running,FAILED&member=${MEMBER}&tag=focal&model=resnet&q=%20bce%20&size=100&after=eyJ2IjoxfQ&page=3&cols=name,f1,status`,
      ),
    );
    expect(notices).toEqual([]);
    expect(state).toEqual({
      sort: 'f1',
      order: 'asc',
      filter: {
        status: ['RUNNING', 'FAILED'],
        member: MEMBER,
        tag: 'focal',
        model: 'resnet',
        text: 'bce',
      },
      pageSize: 100,
      after: 'eyJ2IjoxfQ',
      page: 3,
      columns: ['status', 'name', 'f1'],
    });
    expect(apiSortOf(state)).toBe('BEST_MACRO_F1_ASC');
  });

  it("sorts by status in the order of a run's life, then the other way", () => {
    const { state } = parseRunsView({ sort: 'status' });
    expect(state.order).toBe('asc');
    expect(apiSortOf(state)).toBe('STATUS_ASC');
    expect(apiSortOf(withSortToggled(state, 'status'))).toBe('STATUS_DESC');
  });

  it('sorts a score column best first unless told otherwise', () => {
    expect(parseRunsView({ sort: 'rareF1' }).state.order).toBe('desc');
    expect(parseRunsView({ sort: 'name' }).state.order).toBe('asc');
  });

  it('drops nonsense and names each thing it ignored', () => {
    const { state, notices } = parseRunsView({
      sort: 'speed<script>',
      order: 'sideways',
      status: 'running,exploded',
      member: 'bob',
      size: '7',
      page: '-4',
      cols: 'name,secret',
    });
    expect(state.sort).toBe('created');
    expect(state.order).toBe('desc');
    expect(state.filter.status).toEqual(['RUNNING']);
    expect(state.filter.member).toBeNull();
    expect(state.pageSize).toBe(50);
    expect(state.after).toBeNull();
    expect(state.columns).toEqual(['name']);
    expect(notices).toEqual([
      'Ignored sort="speed<script>": runs can be sorted by status, name, f1, rareF1, duration, created.',
      'Ignored order="sideways": use asc or desc.',
      'Ignored status "exploded": not a run status.',
      'Ignored member="bob": not a member id.',
      'Ignored size="7": page sizes are 25, 50, 100, 200.',
      'Ignored page="-4": pages are reached with the Next link; showing the first page.',
      'Ignored columns "secret": not columns of this table.',
    ]);
  });

  it('refuses a cursor that is not one and a page number that is not a number', () => {
    expect(parseRunsView({ after: '../../etc' }).notices[0]).toMatch(/not a page cursor/);
    const odd = parseRunsView({ after: 'abc', page: 'x' });
    expect(odd.state).toMatchObject({ after: 'abc', page: 2 });
    expect(odd.notices[0]).toMatch(/Ignored page="x"/);
  });

  it('takes the first of repeated parameters and shortens long values in notices', () => {
    expect(parseRunsView({ sort: ['name', 'f1'] }).state.sort).toBe('name');
    const long = parseRunsView({ sort: 'x'.repeat(100) }).notices[0]!;
    expect(long.length).toBeLessThan(150);
  });

  it('keeps a text filter only when short enough', () => {
    expect(parseRunsView({ q: 'y'.repeat(201) }).notices[0]).toMatch(/longer than 200/);
  });
});

describe('serializeRunsView', () => {
  it('writes nothing for the defaults', () => {
    expect(serializeRunsView(DEFAULT_STATE)).toBe('');
    expect(runsHref(DEFAULT_STATE)).toBe('/runs');
  });

  it('round-trips a view', () => {
    const state = withColumns(
      withFilter(withSortToggled(DEFAULT_STATE, 'f1'), { status: ['FAILED'], text: 'a&b=c' }),
      ['f1', 'name'],
    );
    const query = serializeRunsView(state);
    // nuqs's encoding: only what would break the query is escaped (commas stay readable).
    expect(query).toBe('sort=f1&status=FAILED&q=a%26b=c&cols=name,f1');
    expect(parseRunsView(new URLSearchParams(query))).toEqual({ state, notices: [] });
  });

  it('toggles the order of the current sort and resets the page on any change', () => {
    const paged = withNextPage(DEFAULT_STATE, 'cursor1');
    expect(paged).toMatchObject({ after: 'cursor1', page: 2 });
    const flipped = withSortToggled(paged, 'created');
    expect(flipped).toMatchObject({ sort: 'created', order: 'asc', after: null, page: 1 });
    expect(withFilter(paged, { tag: 'x' })).toMatchObject({ after: null, page: 1 });
    expect(serializeRunsView(paged)).toBe('after=cursor1&page=2');
  });
});

describe('GET forms', () => {
  it('reads repeated parameters as a list', () => {
    const { state } = parseRunsView(
      new URLSearchParams('status=RUNNING&status=FAILED&cols=name&cols=f1'),
    );
    expect(state.filter.status).toEqual(['RUNNING', 'FAILED']);
    expect(state.columns).toEqual(['name', 'f1']);
    expect(parseRunsView({ status: ['QUEUED', 'RUNNING,FAILED'] }).state.filter.status).toEqual([
      'QUEUED',
      'RUNNING',
      'FAILED',
    ]);
  });

  it('hands the rest of the view to a form as hidden fields', () => {
    const state = withFilter(withSortToggled(DEFAULT_STATE, 'name'), { tag: 'focal' });
    expect(hiddenFields(state, ['tag', 'status', 'q', 'member', 'model'])).toEqual([
      ['sort', 'name'],
    ]);
  });
});
