// An evaluation's per-class arrays -> one row per class for the F1 bars and the table: class
// names instead of indices, sorted by support (most frequent first, as HPA's long tail reads
// best), with the rare classes marked.
import { CLASS_NAMES } from './class-names';

/** The part of an Evaluation this module reads (the generated type fits it). */
export interface PerClassInput {
  f1: readonly number[];
  precision: readonly number[];
  recall: readonly number[];
  support: readonly number[];
  threshold: readonly number[];
  tp: readonly number[];
  fp: readonly number[];
  fn: readonly number[];
  tn: readonly number[];
}

export interface PerClassRow {
  classId: number;
  name: string;
  support: number;
  f1: number;
  precision: number;
  recall: number;
  threshold: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  /** One of the RARE_CLASS_COUNT classes with the least support: the ones this problem is about. */
  rare: boolean;
}

/** "Rare-class F1" across the dashboard is the mean F1 of the five rarest classes. */
export const RARE_CLASS_COUNT = 5;

/** Ids of the `count` classes with the smallest support; ties go to the lower class id. */
export function rareClassIds(support: readonly number[], count = RARE_CLASS_COUNT): Set<number> {
  const ids = support
    .map((value, classId) => ({ value, classId }))
    .sort((a, b) => a.value - b.value || a.classId - b.classId)
    .slice(0, count)
    .map((entry) => entry.classId);
  return new Set(ids);
}

export function perClassRows(evaluation: PerClassInput): PerClassRow[] {
  const classes = evaluation.f1.length;
  const rare = rareClassIds(evaluation.support);
  const rows: PerClassRow[] = [];
  for (let classId = 0; classId < classes; classId += 1) {
    rows.push({
      classId,
      name: CLASS_NAMES[classId] ?? `class ${classId}`,
      support: evaluation.support[classId] ?? 0,
      f1: evaluation.f1[classId] ?? 0,
      precision: evaluation.precision[classId] ?? 0,
      recall: evaluation.recall[classId] ?? 0,
      threshold: evaluation.threshold[classId] ?? 0,
      tp: evaluation.tp[classId] ?? 0,
      fp: evaluation.fp[classId] ?? 0,
      fn: evaluation.fn[classId] ?? 0,
      tn: evaluation.tn[classId] ?? 0,
      rare: rare.has(classId),
    });
  }
  return rows.sort((a, b) => b.support - a.support || a.classId - b.classId);
}

/** Mean F1 of the rare classes (the runs table's "rare-class F1"). */
export function rareClassF1(rows: readonly PerClassRow[]): number | null {
  const rare = rows.filter((row) => row.rare);
  if (rare.length === 0) return null;
  return rare.reduce((sum, row) => sum + row.f1, 0) / rare.length;
}
