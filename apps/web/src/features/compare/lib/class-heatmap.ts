// The compared runs' per-class F1 -> a runs x classes grid: a column per class (its name, its
// validation support, whether it is one of the five rare classes), sorted by support, most
// images first, so the rare classes gather at the right; a row per run, then the derived rows
// (the ensemble, the best-per-class composite) below them. In each column the best run is
// marked; derived rows never count as a run to beat. Colour is the component's business.
import { CLASS_NAMES, NUM_CLASSES } from '@hpa-lab/ml/classes';
import { RARE_CLASS_IDS } from '@hpa-lab/ml/rare-classes';

export type HeatmapRowKind = 'run' | 'ensemble' | 'composite';

export interface HeatmapRowInput {
  /** A run id, or a fixed key for a derived row. */
  key: string;
  label: string;
  kind: HeatmapRowKind;
  /** Per-class F1 (index = class id); null when the run has no evaluation. */
  f1: readonly number[] | null;
  support: readonly number[] | null;
}

export interface ClassColumn {
  classId: number;
  name: string;
  /** Validation support; null when no run has an evaluation. */
  support: number | null;
  /** Position among the five rare classes (0 = rarest); null for the others. */
  rareRank: number | null;
}

export interface HeatmapCellValue {
  /** F1 in [0, 1]; null = no evaluation. */
  value: number | null;
  /** The best run of the column (ties: every run at the best value). Never on a derived row. */
  best: boolean;
}

export interface HeatmapRow {
  key: string;
  label: string;
  kind: HeatmapRowKind;
  /** One cell per column, in the columns' order. */
  cells: HeatmapCellValue[];
}

export interface ClassHeatmap {
  columns: ClassColumn[];
  rows: HeatmapRow[];
  /** The runs' supports differ: their validation sets are not the same. */
  supportsDiffer: boolean;
}

function sameArray(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

export function classHeatmap(inputs: readonly HeatmapRowInput[]): ClassHeatmap {
  const runs = inputs.filter((input) => input.kind === 'run');
  const supports = runs.flatMap((run) => (run.support ? [run.support] : []));
  const support = supports[0] ?? null;
  const columns = Array.from({ length: NUM_CLASSES }, (_, classId): ClassColumn => {
    const rare = RARE_CLASS_IDS.indexOf(classId);
    return {
      classId,
      name: CLASS_NAMES[classId] ?? `class ${classId}`,
      support: support ? (support[classId] ?? null) : null,
      rareRank: rare >= 0 ? rare : null,
    };
  }).sort((a, b) => (b.support ?? -1) - (a.support ?? -1) || a.classId - b.classId);

  const bestByClass = columns.map((column) => {
    let best: number | null = null;
    for (const run of runs) {
      const value = run.f1?.[column.classId];
      if (value !== undefined && (best === null || value > best)) best = value;
    }
    return best;
  });

  const rows = inputs.map((input): HeatmapRow => ({
    key: input.key,
    label: input.label,
    kind: input.kind,
    cells: columns.map((column, c) => {
      const value = input.f1?.[column.classId] ?? null;
      return { value, best: input.kind === 'run' && value !== null && value === bestByClass[c] };
    }),
  }));
  return {
    columns,
    rows,
    supportsDiffer: supports.some((other) => !sameArray(other, supports[0]!)),
  };
}
