import { describe, expect, it } from 'vitest';
import {
  COMPOSITE_LABEL,
  ENSEMBLE_LABEL,
  derivedHeatmapRows,
  summaryRows,
  winnerGroups,
  type EnsembleInput,
} from './ensemble-rows';

const members = [
  { runId: 'a', macroF1: 0.5, rareClassF1: 0.2 },
  { runId: 'b', macroF1: 0.55, rareClassF1: 0.3 },
];

function answer(
  macroF1: number,
  rareClassF1: number,
  winners: [number, string][] = [],
): EnsembleInput {
  return {
    macroF1,
    rareClassF1,
    f1: Array.from({ length: 28 }, () => macroF1),
    sampleCount: 400,
    members,
    bestSingleRunId: 'b',
    gain: macroF1 - 0.55,
    classWinners: winners.map(([classId, runId]) => ({ classId, runId })),
  };
}

const names = new Map([
  ['a', 'resnet'],
  ['b', 'mobilenet'],
]);

describe('summaryRows', () => {
  it('puts the best single run first, then the ensemble and the composite with their gains', () => {
    const rows = summaryRows(answer(0.6, 0.35), answer(0.52, 0.4), names);
    expect(rows.map((row) => row.label)).toEqual([
      'mobilenet (best single run)',
      ENSEMBLE_LABEL,
      COMPOSITE_LABEL,
    ]);
    expect(rows[0]).toMatchObject({ macroF1: 0.55, rareClassF1: 0.3, gain: null });
    expect(rows[1]!.gain).toBeCloseTo(0.05);
    expect(rows[1]!.rareGain).toBeCloseTo(0.05);
    expect(rows[2]!.gain).toBeCloseTo(-0.03);
    expect(rows[2]!.rareGain).toBeCloseTo(0.1);
  });

  it('keeps what came back when one of the two was refused', () => {
    expect(summaryRows(null, answer(0.52, 0.4), names).map((row) => row.kind)).toEqual([
      'best-single',
      'composite',
    ]);
    expect(summaryRows(null, null, names)).toEqual([]);
  });
});

describe('derivedHeatmapRows', () => {
  it('adds an ensemble and a composite row with their per-class F1', () => {
    const rows = derivedHeatmapRows(answer(0.6, 0.3), answer(0.5, 0.3));
    expect(rows.map((row) => [row.key, row.kind])).toEqual([
      ['ensemble', 'ensemble'],
      ['composite', 'composite'],
    ]);
    expect(rows[0]!.f1![3]).toBe(0.6);
    expect(derivedHeatmapRows(null, null)).toEqual([]);
  });
});

describe('winnerGroups', () => {
  it('lists the classes each run wins, in comparison order, runs that win none left out', () => {
    const composite = answer(0.5, 0.3, [
      [27, 'b'],
      [0, 'a'],
      [15, 'b'],
    ]);
    expect(winnerGroups(composite, ['b', 'a', 'c'], names)).toEqual([
      { runId: 'b', name: 'mobilenet', classes: ['Microtubule ends', 'Rods & rings'] },
      { runId: 'a', name: 'resnet', classes: ['Nucleoplasm'] },
    ]);
  });
});
