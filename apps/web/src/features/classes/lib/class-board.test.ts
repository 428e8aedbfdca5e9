import { describe, expect, it } from 'vitest';
import { classBoardRows, type LeaderboardEntryInput } from './class-board';

function score(id: string, f1: number, support: number) {
  return { f1, support, run: { id, name: `run ${id}`, approach: 'a', owner: { name: 'Ada' } } };
}

// 28 classes; class c has validation support 100 - c except where a test says otherwise.
function board(
  overrides: Record<number, LeaderboardEntryInput['top']> = {},
): LeaderboardEntryInput[] {
  return Array.from({ length: 28 }, (_, classId) => ({
    classId,
    top: overrides[classId] ?? [score('r1', 0.5, 100 - classId), score('r2', 0.4, 100 - classId)],
  }));
}

describe('classBoardRows', () => {
  it('puts the five rare classes first, rarest first, then by training count', () => {
    const rows = classBoardRows(board(), 'rare');
    expect(rows.slice(0, 5).map((row) => row.name)).toEqual([
      'Rods & rings',
      'Microtubule ends',
      'Lysosomes',
      'Endosomes',
      'Peroxisomes',
    ]);
    expect(rows.slice(0, 5).map((row) => row.rareRank)).toEqual([0, 1, 2, 3, 4]);
    expect(rows[5]!.rareRank).toBeNull();
    // Then Lipid droplets (172 training images), the next rarest; Nucleoplasm (12,885) last.
    expect(rows[5]!.name).toBe('Lipid droplets');
    expect(rows.at(-1)!.name).toBe('Nucleoplasm');
    expect(rows).toHaveLength(28);
  });

  it('orders by validation support, most images first, classes nobody scored last', () => {
    const rows = classBoardRows(board({ 5: [score('r1', 0.9, 500)], 0: [] }), 'support');
    expect(rows[0]!.classId).toBe(5);
    expect(rows[0]!.support).toBe(500);
    expect(rows[1]!.classId).toBe(1);
    expect(rows.at(-1)!.classId).toBe(0);
    expect(rows.at(-1)!.support).toBeNull();
  });

  it('links to the compare page only with two or more distinct runs', () => {
    const rows = classBoardRows(
      board({ 3: [score('x', 0.9, 10)], 4: [score('y', 0.9, 10), score('y', 0.8, 10)] }),
      'support',
    );
    const byClass = new Map(rows.map((row) => [row.classId, row]));
    expect(byClass.get(3)!.compareIds).toBeNull();
    expect(byClass.get(4)!.compareIds).toBeNull();
    expect(byClass.get(2)!.compareIds).toEqual(['r1', 'r2']);
  });

  it('flags top runs scored on validation sets of different support', () => {
    const rows = classBoardRows(board({ 7: [score('a', 0.9, 40), score('b', 0.8, 41)] }), 'rare');
    expect(rows.find((row) => row.classId === 7)!.supportsDiffer).toBe(true);
    expect(rows.find((row) => row.classId === 8)!.supportsDiffer).toBe(false);
  });
});
