// classLeaderboard's answer -> the rows of the /classes table: one per class, with its name,
// whether it is one of the five rare classes, its validation support and its top runs, in the
// order the member asked for. "rare" ranks classes by their image count in the HPA 2018
// training labels, rarest first (the five rare classes lead, the problem is about them);
// "support" ranks them by validation support, most images first, as the run page does.
import { CLASS_NAMES } from '@hpa-lab/ml/classes';
import { HPA_CLASS_COUNTS, RARE_CLASS_IDS } from '@hpa-lab/ml/rare-classes';

export const CLASS_ORDERS = ['rare', 'support'] as const;
export type ClassOrder = (typeof CLASS_ORDERS)[number];

/** The part of one of a class's top runs that the table reads. */
export interface TopRunInput {
  f1: number;
  support: number;
  run: { id: string; name: string; approach: string; owner: { name: string } };
}

export interface LeaderboardEntryInput {
  classId: number;
  top: readonly TopRunInput[];
}

export interface ClassBoardRow {
  classId: number;
  name: string;
  /** Position among the five rare classes (0 = rarest); null for the others. */
  rareRank: number | null;
  /** Images of the class in the HPA 2018 training labels (what "rare" means). */
  trainingCount: number;
  /** Validation support in the best run's evaluation; null when no run has scored the class. */
  support: number | null;
  /** The top runs' supports differ: they were scored on different validation sets. */
  supportsDiffer: boolean;
  top: readonly TopRunInput[];
  /** The ids to compare: the top runs, when there are at least two of them. */
  compareIds: string[] | null;
}

export function classBoardRows(
  entries: readonly LeaderboardEntryInput[],
  order: ClassOrder,
): ClassBoardRow[] {
  const rows = entries.map((entry): ClassBoardRow => {
    const rareIndex = RARE_CLASS_IDS.indexOf(entry.classId);
    const supports = new Set(entry.top.map((score) => score.support));
    const ids = [...new Set(entry.top.map((score) => score.run.id))];
    return {
      classId: entry.classId,
      name: CLASS_NAMES[entry.classId] ?? `class ${entry.classId}`,
      rareRank: rareIndex >= 0 ? rareIndex : null,
      trainingCount: HPA_CLASS_COUNTS[entry.classId] ?? 0,
      support: entry.top[0]?.support ?? null,
      supportsDiffer: supports.size > 1,
      top: entry.top,
      compareIds: ids.length >= 2 ? ids : null,
    };
  });
  const byRarity = (a: ClassBoardRow, b: ClassBoardRow) =>
    a.trainingCount - b.trainingCount || a.classId - b.classId;
  const bySupport = (a: ClassBoardRow, b: ClassBoardRow) =>
    (b.support ?? -1) - (a.support ?? -1) || a.classId - b.classId;
  return rows.sort(order === 'rare' ? byRarity : bySupport);
}
