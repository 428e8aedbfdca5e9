import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CURVE_KEYS,
  MAX_CURVE_KEYS,
  loadCompareParams,
  parseAsXRange,
  parseRunSelection,
  requestedKeys,
  serializeCompare,
} from './compare-url';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('parseRunSelection', () => {
  it('keeps distinct well-formed ids in order', () => {
    expect(parseRunSelection([id(2), id(1)])).toEqual({
      ids: [id(2), id(1)],
      malformed: [],
      repeated: [],
      leftOut: [],
      problem: null,
    });
  });

  it('names malformed and repeated ids and compares the rest', () => {
    const selection = parseRunSelection([id(1), 'nope', ' ', id(1).toUpperCase(), id(2)]);
    expect(selection.ids).toEqual([id(1), id(2)]);
    expect(selection.malformed).toEqual(['nope']);
    expect(selection.repeated).toEqual([id(1)]);
    expect(selection.problem).toBeNull();
  });

  it('says none, one, or too many', () => {
    expect(parseRunSelection([]).problem).toBe('none');
    expect(parseRunSelection(['x']).problem).toBe('none');
    expect(parseRunSelection([id(1)]).problem).toBe('one');
    const many = parseRunSelection(Array.from({ length: 21 }, (_, i) => id(i)));
    expect(many.problem).toBe('too-many');
    expect(many.ids).toHaveLength(20);
    expect(many.leftOut).toEqual([id(20)]);
  });
});

describe('requestedKeys', () => {
  const epochKeys = ['val/macro_f1', 'val/loss'];

  it('adds validation macro F1 for the epoch axis when no chosen key is per epoch', () => {
    expect(requestedKeys(['train/loss'], epochKeys)).toEqual({
      drawn: ['train/loss'],
      requested: ['train/loss', 'val/macro_f1'],
    });
    expect(requestedKeys(['train/loss', 'val/loss'], epochKeys).requested).toEqual([
      'train/loss',
      'val/loss',
    ]);
  });

  it('drops blanks and repeats and keeps at most the API’s limit', () => {
    const many = Array.from({ length: 25 }, (_, i) => `k/${i}`);
    expect(requestedKeys([' a ', 'a', ''], epochKeys).drawn).toEqual(['a']);
    expect(requestedKeys(many, epochKeys).requested).toHaveLength(MAX_CURVE_KEYS);
  });
});

describe('the compare URL', () => {
  it('reads defaults and round-trips a changed view', () => {
    const defaults = loadCompareParams({ runs: `${id(1)},${id(2)}` });
    expect(defaults.keys).toEqual(DEFAULT_CURVE_KEYS);
    expect(defaults.params).toBe('diff');
    expect(defaults.zoom).toBeNull();
    const query = serializeCompare({
      runs: [id(1), id(2)],
      keys: ['val/loss'],
      smoothing: 0.6,
      log: true,
      zoom: { from: 10, to: 250.5 },
      hide: [id(2)],
      params: 'all',
    });
    const back = loadCompareParams(new URLSearchParams(query));
    expect(back).toMatchObject({
      runs: [id(1), id(2)],
      keys: ['val/loss'],
      smoothing: 0.6,
      log: true,
      zoom: { from: 10, to: 250.5 },
      hide: [id(2)],
      params: 'all',
    });
  });

  it('refuses a zoom that is not a range', () => {
    expect(parseAsXRange.parse('5-2')).toBeNull();
    expect(parseAsXRange.parse('-1-2')).toBeNull();
    expect(parseAsXRange.parse('a-b')).toBeNull();
    expect(parseAsXRange.parse('0-1.5')).toEqual({ from: 0, to: 1.5 });
  });
});
