import { describe, expect, it } from 'vitest';
import { BENCH_PAGES } from './pages';
import { selectorAttributes } from './drawn-selector';

describe('selectorAttributes', () => {
  it('names each attribute a selector tests, once', () => {
    expect(
      selectorAttributes(
        'main:has([data-testid=queue-panel]):has([data-testid=launch-form][data-ready=true] #root_dataset_cachePath)',
      ),
    ).toEqual(['data-testid', 'data-ready']);
  });

  it('reads every operator and a bare attribute, and ignores values that look like one', () => {
    expect(
      selectorAttributes(
        '[ aria-busy ] [data-a^="x"] [data-b$=y] [data-c*=z] [lang|=en] [title="[no]"]',
      ),
    ).toEqual(['aria-busy', 'data-a', 'data-b', 'data-c', 'lang', 'title']);
  });

  it('finds none in a selector of tags, classes and ids', () => {
    expect(selectorAttributes('main #root_name path.recharts-curve')).toEqual([]);
  });

  it('watches the launch page’s data-ready, which is set after its nodes exist', () => {
    const launch = BENCH_PAGES.find((page) => page.name === 'launch')!;
    expect(selectorAttributes(launch.drawnSelector)).toContain('data-ready');
  });
});
