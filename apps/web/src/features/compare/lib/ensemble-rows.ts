// The ensemble what-if's answers -> what the compare page shows of them: rows of the summary
// (the best single run alone, the ensemble, the best-per-class composite) with their gain over
// that run, the derived rows of the heatmap, and which classes the composite takes from which
// run. The API scores every member alone with the same rule on the same samples, so the gain
// compares like with like (the runs' own best evaluations may use other thresholds).
import { CLASS_NAMES } from '@hpa-lab/ml/classes';
import type { HeatmapRowInput } from '@/features/compare/lib/class-heatmap';

/** The fields of an EnsembleEvaluation these rows read (the generated fragment type fits). */
export interface EnsembleInput {
  macroF1: number;
  rareClassF1: number;
  f1: readonly number[];
  sampleCount: number;
  members: readonly { runId: string; macroF1: number; rareClassF1: number }[];
  bestSingleRunId: string;
  gain: number;
  classWinners: readonly { classId: number; runId: string }[];
}

export type SummaryRowKind = 'best-single' | 'ensemble' | 'composite';

export interface SummaryRow {
  kind: SummaryRowKind;
  label: string;
  macroF1: number;
  rareClassF1: number;
  /** Macro F1 minus the best single run's; null on that run's own row. */
  gain: number | null;
  /** Rare-class F1 minus the best single run's; null on that run's own row. */
  rareGain: number | null;
}

export const ENSEMBLE_LABEL = 'Ensemble (mean of probabilities)';
export const COMPOSITE_LABEL = 'Best run per class (cross-fitted)';

function runName(names: ReadonlyMap<string, string>, id: string): string {
  return names.get(id) ?? id;
}

/** The summary rows of whichever answers came back (either may be a refusal: null). */
export function summaryRows(
  ensemble: EnsembleInput | null,
  composite: EnsembleInput | null,
  names: ReadonlyMap<string, string>,
): SummaryRow[] {
  const reference = ensemble ?? composite;
  if (!reference) return [];
  const best = reference.members.find((member) => member.runId === reference.bestSingleRunId);
  if (!best) throw new Error(`the best single run ${reference.bestSingleRunId} is not a member`);
  const rows: SummaryRow[] = [
    {
      kind: 'best-single',
      label: `${runName(names, best.runId)} (best single run)`,
      macroF1: best.macroF1,
      rareClassF1: best.rareClassF1,
      gain: null,
      rareGain: null,
    },
  ];
  for (const [kind, label, answer] of [
    ['ensemble', ENSEMBLE_LABEL, ensemble],
    ['composite', COMPOSITE_LABEL, composite],
  ] as const) {
    if (!answer) continue;
    rows.push({
      kind,
      label,
      macroF1: answer.macroF1,
      rareClassF1: answer.rareClassF1,
      gain: answer.gain,
      rareGain: answer.rareClassF1 - best.rareClassF1,
    });
  }
  return rows;
}

/** The heatmap's rows below the runs. */
export function derivedHeatmapRows(
  ensemble: EnsembleInput | null,
  composite: EnsembleInput | null,
): (HeatmapRowInput & { kind: 'ensemble' | 'composite' })[] {
  const rows: (HeatmapRowInput & { kind: 'ensemble' | 'composite' })[] = [];
  if (ensemble) {
    rows.push({
      key: 'ensemble',
      label: 'Ensemble',
      kind: 'ensemble',
      f1: ensemble.f1,
      support: null,
    });
  }
  if (composite) {
    rows.push({
      key: 'composite',
      label: 'Best per class',
      kind: 'composite',
      f1: composite.f1,
      support: null,
    });
  }
  return rows;
}

export interface WinnerGroup {
  runId: string;
  name: string;
  classes: string[];
}

/** Which classes the composite takes from which run, runs in comparison order. */
export function winnerGroups(
  composite: EnsembleInput,
  order: readonly string[],
  names: ReadonlyMap<string, string>,
): WinnerGroup[] {
  return order
    .map((runId) => ({
      runId,
      name: runName(names, runId),
      classes: composite.classWinners
        .filter((winner) => winner.runId === runId)
        .sort((a, b) => a.classId - b.classId)
        .map((winner) => CLASS_NAMES[winner.classId] ?? `class ${winner.classId}`),
    }))
    .filter((group) => group.classes.length > 0);
}
