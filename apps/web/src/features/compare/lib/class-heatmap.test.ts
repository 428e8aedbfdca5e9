import { describe, expect, it } from 'vitest';
import { classHeatmap, type HeatmapRowInput } from './class-heatmap';

const support = Array.from({ length: 28 }, (_, c) => (c === 27 ? 1 : 200 - c));

function run(key: string, f1: (c: number) => number, kind: HeatmapRowInput['kind'] = 'run') {
  return { key, label: key, kind, f1: Array.from({ length: 28 }, (_, c) => f1(c)), support };
}

describe('classHeatmap', () => {
  it('sorts the columns by support, most images first, and marks the five rare classes', () => {
    const map = classHeatmap([run('a', () => 0.5)]);
    expect(map.columns).toHaveLength(28);
    expect(map.columns[0]!.name).toBe('Nucleoplasm');
    expect(map.columns[0]!.support).toBe(200);
    expect(map.columns.at(-1)!.name).toBe('Rods & rings');
    expect(map.columns.at(-1)!.rareRank).toBe(0);
    const rare = map.columns.filter((column) => column.rareRank !== null).map((c) => c.name);
    expect(rare.sort()).toEqual(
      ['Endosomes', 'Lysosomes', 'Microtubule ends', 'Peroxisomes', 'Rods & rings'].sort(),
    );
    expect(map.supportsDiffer).toBe(false);
  });

  it('keeps each cell at its class, whatever the column order', () => {
    const map = classHeatmap([run('a', (c) => c / 100)]);
    map.columns.forEach((column, i) => {
      expect(map.rows[0]!.cells[i]!.value).toBe(column.classId / 100);
    });
  });

  it('marks the best run of each class, ties included, never a derived row', () => {
    const map = classHeatmap([
      run('a', (c) => (c === 0 ? 0.9 : 0.3)),
      run('b', (c) => (c === 0 ? 0.8 : c === 1 ? 0.3 : 0.6)),
      run('ens', () => 0.99, 'ensemble'),
    ]);
    const column = (classId: number) => map.columns.findIndex((c) => c.classId === classId);
    const [a, b, ens] = map.rows;
    expect(a!.cells[column(0)]!.best).toBe(true);
    expect(b!.cells[column(0)]!.best).toBe(false);
    expect(a!.cells[column(1)]!.best).toBe(true);
    expect(b!.cells[column(1)]!.best).toBe(true);
    expect(b!.cells[column(5)]!.best).toBe(true);
    expect(ens!.cells.some((cell) => cell.best)).toBe(false);
  });

  it('leaves a run without an evaluation as gaps, and still sorts by the others', () => {
    const map = classHeatmap([
      { key: 'none', label: 'none', kind: 'run', f1: null, support: null },
      run('a', () => 0.4),
    ]);
    expect(map.rows[0]!.cells.every((cell) => cell.value === null && !cell.best)).toBe(true);
    expect(map.columns[0]!.support).toBe(200);
    expect(map.rows[1]!.cells.every((cell) => cell.best)).toBe(true);
  });

  it('says when the runs were scored on validation sets of different support', () => {
    const other = { ...run('b', () => 0.5), support: support.map((s) => s + 1) };
    expect(classHeatmap([run('a', () => 0.5), other]).supportsDiffer).toBe(true);
  });

  it('has no support to show when no run has an evaluation', () => {
    const map = classHeatmap([{ key: 'x', label: 'x', kind: 'run', f1: null, support: null }]);
    expect(map.columns.every((column) => column.support === null)).toBe(true);
    expect(map.columns.map((column) => column.classId)).toEqual(
      Array.from({ length: 28 }, (_, i) => i),
    );
  });
});
