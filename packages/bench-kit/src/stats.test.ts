import { describe, expect, it } from 'vitest';
import { best, median, perRoundRatios, roundOrder, spread } from './stats.ts';

describe('median and spread of per-round values', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNaN();
  });

  it('reports the median with the range, whatever the input order, and leaves it untouched', () => {
    const rounds = [0.61, 0.58, 0.67, 0.6, 0.64];
    expect(spread(rounds)).toEqual({ median: 0.61, min: 0.58, max: 0.67 });
    expect(rounds).toEqual([0.61, 0.58, 0.67, 0.6, 0.64]);
    expect(spread([])).toEqual({ median: NaN, min: NaN, max: NaN });
  });

  it('pairs rounds by position for the ratios, never a best against a best', () => {
    // Best-of would give 300/200 = 1.5; the rounds were 1.0, 1.0 and 1.5.
    expect(perRoundRatios([100, 200, 300], [100, 200, 200])).toEqual([1, 1, 1.5]);
    expect(median(perRoundRatios([100, 200, 300], [100, 200, 200]))).toBe(1);
    expect(() => perRoundRatios([1, 2], [1])).toThrow(/2 rounds against 1/);
  });
});

describe('round order', () => {
  it('reverses the sides every other round so that no side always goes first', () => {
    const sides = ['tfjs:wasm-onednn', 'tfjs:wasm', 'pytorch'];
    expect(roundOrder(sides, 0)).toEqual(sides);
    expect(roundOrder(sides, 1)).toEqual(['pytorch', 'tfjs:wasm', 'tfjs:wasm-onednn']);
    expect(roundOrder(sides, 2)).toEqual(sides);
    const firsts = [0, 1, 2, 3].map((r) => roundOrder(['ours', 'torch'], r)[0]);
    expect(firsts).toEqual(['ours', 'torch', 'ours', 'torch']);
    expect(sides).toEqual(['tfjs:wasm-onednn', 'tfjs:wasm', 'pytorch']);
  });
});

describe('best setting', () => {
  it('picks the highest score, the first on a tie', () => {
    const rates: Record<string, number> = { channels_last: 86, contiguous: 135 };
    expect(best(['channels_last', 'contiguous'], (l) => rates[l]!)).toBe('contiguous');
    expect(best(['a', 'b'], () => 1)).toBe('a');
    expect(() => best([], () => 0)).toThrow(/no candidates/);
  });
});
