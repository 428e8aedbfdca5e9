// An evaluation's per-class arrays -> one row per class for the F1 bars and the table: class
// names instead of indices, sorted by support (most frequent first, as HPA's long tail reads
// best), with the rare classes marked: the five rarest of HPA 2018 (@hpa-lab/ml/rare-classes),
// the same ones the runs table's rare-class F1 averages.
import { RARE_CLASS_IDS } from '@hpa-lab/ml/rare-classes';
import type { PerClassSection_EvaluationFragment } from '@/graphql/generated/graphql';
import { CLASS_NAMES } from '@/lib/class-names';

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
  /** One of the five rarest HPA classes: the ones this problem is about. */
  rare: boolean;
}

export function perClassRows(evaluation: PerClassSection_EvaluationFragment): PerClassRow[] {
  const classes = evaluation.f1.length;
  const rare = new Set(RARE_CLASS_IDS);
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
