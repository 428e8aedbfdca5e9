// Grouped bars for a chosen subset of classes: a group per class, a bar per compared row (runs,
// then the ensemble and the composite when present). The subset lives in the URL as class ids
// (`classes=27,15,10`); without one the five rare classes are shown, the classes this
// problem is about. Recharts reads one object per group with a key per bar.
import { CLASS_NAMES, NUM_CLASSES } from '@hpa-lab/ml/classes';
import { RARE_CLASS_IDS } from '@hpa-lab/ml/rare-classes';

/** More groups than this stop reading as bars at 1024 px with 20 runs. */
export const MAX_BAR_CLASSES = 8;

export const DEFAULT_BAR_CLASSES: readonly number[] = RARE_CLASS_IDS;

export interface BarSeriesInput {
  key: string;
  label: string;
  f1: readonly number[] | null;
}

export interface BarGroup {
  classId: number;
  name: string;
  /** F1 per series key; null where the series has no evaluation. */
  values: Record<string, number | null>;
}

/** One group per chosen class, in the order chosen. */
export function classBarGroups(
  classIds: readonly number[],
  series: readonly BarSeriesInput[],
): BarGroup[] {
  return classIds.map((classId) => ({
    classId,
    name: CLASS_NAMES[classId] ?? `class ${classId}`,
    values: Object.fromEntries(series.map((s) => [s.key, s.f1?.[classId] ?? null])),
  }));
}

export interface ClassSelection {
  classIds: number[];
  /** What was wrong with the URL's value, for a message beside the chart; null when fine. */
  problem: string | null;
}

/**
 * The URL's class ids (null = absent: the rare classes). Ids that are not 0-27 are dropped and
 * named in `problem`, as are duplicates; past MAX_BAR_CLASSES the rest are dropped.
 */
export function parseClassSelection(ids: readonly string[] | null): ClassSelection {
  if (ids === null) return { classIds: [...DEFAULT_BAR_CLASSES], problem: null };
  const classIds: number[] = [];
  const bad: string[] = [];
  for (const raw of ids) {
    const id = /^\d{1,2}$/.test(raw.trim()) ? Number(raw) : Number.NaN;
    if (!Number.isInteger(id) || id < 0 || id >= NUM_CLASSES) bad.push(raw);
    else if (!classIds.includes(id)) classIds.push(id);
  }
  const problems: string[] = [];
  if (bad.length > 0) {
    problems.push(`not class ids (0-${NUM_CLASSES - 1}): ${bad.map((b) => `"${b}"`).join(', ')}`);
  }
  if (classIds.length > MAX_BAR_CLASSES) {
    problems.push(
      `at most ${MAX_BAR_CLASSES} classes at once; the first ${MAX_BAR_CLASSES} are shown`,
    );
  }
  return {
    classIds: classIds.slice(0, MAX_BAR_CLASSES),
    problem: problems.length > 0 ? `Classes in the address: ${problems.join('; ')}.` : null,
  };
}

/** The selection with one class added or removed (the checkbox list's change). */
export function toggleClass(selection: readonly number[], classId: number): number[] {
  return selection.includes(classId)
    ? selection.filter((id) => id !== classId)
    : [...selection, classId].slice(0, MAX_BAR_CLASSES);
}
