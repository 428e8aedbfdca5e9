import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BAR_CLASSES,
  MAX_BAR_CLASSES,
  classBarGroups,
  parseClassSelection,
  toggleClass,
} from './class-bars';

describe('classBarGroups', () => {
  it('makes a group per chosen class with a value per series, gaps as null', () => {
    const f1 = Array.from({ length: 28 }, (_, c) => c / 28);
    const groups = classBarGroups(
      [27, 0],
      [
        { key: 'a', label: 'A', f1 },
        { key: 'b', label: 'B', f1: null },
      ],
    );
    expect(groups.map((g) => g.name)).toEqual(['Rods & rings', 'Nucleoplasm']);
    expect(groups[0]!.values).toEqual({ a: 27 / 28, b: null });
    expect(groups[1]!.values.a).toBe(0);
  });
});

describe('parseClassSelection', () => {
  it('defaults to the five rare classes', () => {
    expect(parseClassSelection(null)).toEqual({
      classIds: [...DEFAULT_BAR_CLASSES],
      problem: null,
    });
    expect(DEFAULT_BAR_CLASSES).toEqual([27, 15, 10, 9, 8]);
  });

  it('keeps the valid ids in order and names the bad ones', () => {
    const selection = parseClassSelection(['3', 'x', '28', '3', '-1', '0']);
    expect(selection.classIds).toEqual([3, 0]);
    expect(selection.problem).toBe(
      'Classes in the address: not class ids (0-27): "x", "28", "-1".',
    );
  });

  it('keeps at most eight classes and says so', () => {
    const selection = parseClassSelection(Array.from({ length: 10 }, (_, i) => String(i)));
    expect(selection.classIds).toHaveLength(MAX_BAR_CLASSES);
    expect(selection.problem).toContain('at most 8 classes');
  });

  it('accepts an empty choice (no bars) without a problem', () => {
    expect(parseClassSelection([])).toEqual({ classIds: [], problem: null });
  });
});

describe('toggleClass', () => {
  it('adds a class at the end or removes it, never past the limit', () => {
    expect(toggleClass([1, 2], 3)).toEqual([1, 2, 3]);
    expect(toggleClass([1, 2, 3], 2)).toEqual([1, 3]);
    const full = Array.from({ length: MAX_BAR_CLASSES }, (_, i) => i);
    expect(toggleClass(full, 20)).toEqual(full);
  });
});
