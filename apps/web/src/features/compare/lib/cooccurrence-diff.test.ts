import { describe, expect, it } from 'vitest';
import { cooccurrenceDiff } from './cooccurrence-diff';

function matrix(fill: (i: number, j: number) => number) {
  return Array.from({ length: 28 }, (_, i) => Array.from({ length: 28 }, (_, j) => fill(i, j)));
}
const support = Array.from({ length: 28 }, () => 100);

describe('cooccurrenceDiff', () => {
  it('compares shares of the true class, second minus first', () => {
    const a = { cooccurrence: matrix((i, j) => (i === j ? 50 : 0)), support };
    const b = {
      // Twice the support, so the same counts mean half the share.
      cooccurrence: matrix((i, j) => (i === j ? 50 : 0)),
      support: support.map(() => 200),
    };
    const diff = cooccurrenceDiff(a, b);
    const cell = diff.cells[3]![3]!;
    expect(cell.shareA).toBe(0.5);
    expect(cell.shareB).toBe(0.25);
    expect(cell.delta).toBeCloseTo(-0.25);
    // Fewer correct predictions on the diagonal is worse for the second run.
    expect(cell.gain).toBeCloseTo(-0.25);
    expect(diff.maxAbsGain).toBeCloseTo(0.25);
  });

  it('lists where the second run confuses less and where more, largest change first', () => {
    const a = {
      cooccurrence: matrix((i, j) => (i === 0 && j === 25 ? 30 : i === 2 && j === 3 ? 10 : 0)),
      support,
    };
    const b = {
      cooccurrence: matrix((i, j) => (i === 0 && j === 25 ? 10 : i === 2 && j === 3 ? 15 : 0)),
      support,
    };
    const diff = cooccurrenceDiff(a, b);
    expect(diff.fewerConfusions.map((c) => [c.row, c.column])).toEqual([[0, 25]]);
    expect(diff.fewerConfusions[0]!.gain).toBeCloseTo(0.2);
    expect(diff.moreConfusions.map((c) => [c.row, c.column])).toEqual([[2, 3]]);
    expect(diff.moreConfusions[0]!.delta).toBeCloseTo(0.05);
    expect(diff.classNames[25]).toBe('Cytosol');
  });

  it('leaves classes without support as gaps and keeps a minimum scale', () => {
    const zero = support.map((s, i) => (i === 27 ? 0 : s));
    const same = { cooccurrence: matrix(() => 1), support: zero };
    const diff = cooccurrenceDiff(same, same);
    expect(diff.cells[27]![0]!.delta).toBeNull();
    expect(diff.cells[27]![0]!.gain).toBeNull();
    expect(diff.cells[0]![0]!.delta).toBe(0);
    expect(diff.maxAbsGain).toBe(0.01);
    expect(diff.fewerConfusions).toEqual([]);
    expect(diff.moreConfusions).toEqual([]);
  });

  it('refuses matrices of different sizes', () => {
    expect(() =>
      cooccurrenceDiff(
        { cooccurrence: [[1]], support: [1] },
        { cooccurrence: matrix(() => 0), support },
      ),
    ).toThrow(/1 and 28 classes/);
  });
});
