import { createSerializer } from 'nuqs/server';
import { describe, expect, it } from 'vitest';
import { diffPair, loadPerClassParams, perClassParams } from './per-class-url';

describe('per-class URL state', () => {
  const load = loadPerClassParams;
  const serialize = createSerializer(perClassParams);

  it('reads the class choice, the pair and the thresholds, with defaults', () => {
    expect(load({})).toEqual({ classes: null, confA: null, confB: null, ens: 'global' });
    expect(load({ classes: '27,3', confA: 'a', ens: 'cross-fitted' })).toEqual({
      classes: ['27', '3'],
      confA: 'a',
      confB: null,
      ens: 'cross-fitted',
    });
    expect(load({ ens: 'bogus' }).ens).toBe('global');
  });

  it('writes the view back into the address, defaults left out', () => {
    expect(serialize('/compare', { classes: ['27', '3'], ens: 'global' })).toBe(
      '/compare?classes=27,3',
    );
  });
});

describe('diffPair', () => {
  const ids = ['a', 'b', 'c'];
  it('defaults to the first two runs', () => {
    expect(diffPair(ids, null, null)).toEqual(['a', 'b']);
  });
  it('takes the URL’s runs when they are compared and differ', () => {
    expect(diffPair(ids, 'c', 'a')).toEqual(['c', 'a']);
    expect(diffPair(ids, 'c', null)).toEqual(['c', 'a']);
    expect(diffPair(ids, 'b', 'b')).toEqual(['b', 'a']);
    expect(diffPair(ids, 'zz', 'c')).toEqual(['a', 'c']);
  });
  it('has no pair with fewer than two runs', () => {
    expect(diffPair(['a'], null, null)).toBeNull();
  });
});
