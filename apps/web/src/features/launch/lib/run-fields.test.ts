import { describe, expect, it } from 'vitest';
import { parseTags, runFieldProblems } from './run-fields';

describe('run fields', () => {
  it('reads tags from one comma-separated line', () => {
    expect(parseTags(' focal, rare ,, focal,')).toEqual(['focal', 'rare']);
    expect(parseTags('')).toEqual([]);
  });

  it('requires a name', () => {
    expect(runFieldProblems({ name: '  ' })).toEqual({ name: ['Name the run.'] });
    expect(runFieldProblems({ name: 'resnet focal' })).toEqual({});
  });
});
