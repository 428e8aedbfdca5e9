import { describe, expect, it } from 'vitest';
import { perClassRows } from './per-class-rows';

function evaluation() {
  const n = 28;
  const support = Array.from({ length: n }, (_, i) => 1000 - i * 30);
  support[27] = 3;
  support[15] = 5;
  return {
    f1: Array.from({ length: n }, (_, i) => i / 100),
    precision: Array.from({ length: n }, () => 0.5),
    recall: Array.from({ length: n }, () => 0.25),
    support,
    threshold: Array.from({ length: n }, () => 0.4),
    tp: Array.from({ length: n }, (_, i) => i),
    fp: Array.from({ length: n }, () => 1),
    fn: Array.from({ length: n }, () => 2),
    tn: Array.from({ length: n }, () => 3),
  };
}

describe('perClassRows', () => {
  const rows = perClassRows(evaluation());

  it('names every class and sorts by support, most frequent first', () => {
    expect(rows).toHaveLength(28);
    expect(rows[0]).toMatchObject({ classId: 0, name: 'Nucleoplasm', support: 1000, f1: 0 });
    expect(rows.at(-1)).toMatchObject({ classId: 27, name: 'Rods & rings', support: 3 });
    for (let i = 1; i < rows.length; i++)
      expect(rows[i]!.support).toBeLessThanOrEqual(rows[i - 1]!.support);
  });

  it("marks the five rarest HPA classes as rare, whatever this evaluation's support", () => {
    expect(
      rows
        .filter((row) => row.rare)
        .map((row) => row.classId)
        .sort((a, b) => a - b),
    ).toEqual([8, 9, 10, 15, 27]);
  });

  it('keeps the confusion counts of each class', () => {
    expect(rows.find((row) => row.classId === 7)).toMatchObject({
      tp: 7,
      fp: 1,
      fn: 2,
      tn: 3,
      threshold: 0.4,
    });
  });
});
