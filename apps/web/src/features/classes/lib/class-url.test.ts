import { describe, expect, it } from 'vitest';
import { classesHref, loadClassBoardParams } from './class-url';

describe('class leaderboard URL', () => {
  it('reads the project and the order, rare classes first by default', () => {
    expect(loadClassBoardParams({ project: 'hpa', order: 'support' })).toEqual({
      project: 'hpa',
      order: 'support',
    });
    expect(loadClassBoardParams({})).toEqual({ project: null, order: 'rare' });
    expect(loadClassBoardParams({ order: 'bogus' }).order).toBe('rare');
  });

  it('builds links without the defaults, and back again', () => {
    expect(classesHref({ project: null, order: 'rare' })).toBe('/classes');
    const href = classesHref({ project: 'my-proj', order: 'support' });
    expect(href).toBe('/classes?project=my-proj&order=support');
    const query = Object.fromEntries(new URL(href, 'http://x').searchParams);
    expect(loadClassBoardParams(query)).toEqual({ project: 'my-proj', order: 'support' });
  });
});
