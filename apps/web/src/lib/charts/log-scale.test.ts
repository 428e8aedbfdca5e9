import { describe, expect, it } from 'vitest';
import { logDomain, toLogSafe } from './log-scale';

describe('log scale', () => {
  it('turns zero and negative values into counted gaps', () => {
    expect(toLogSafe([1, 0, -2, null, 0.5])).toEqual({
      values: [1, null, null, null, 0.5],
      hidden: 2,
    });
  });

  it('spans whole powers of ten around the positive values', () => {
    expect(logDomain([0.003, 0.2, 0, null, -1])).toEqual([0.001, 1]);
    expect(logDomain([5, 5])).toEqual([1, 10]);
    expect(logDomain([0, -1, null])).toBeNull();
  });
});
