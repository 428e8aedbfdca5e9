// Multilabel iterative stratification (Sechidis, Tsoumakas & Vlahavas, ECML PKDD 2011).
// Rarest labels are placed first, each sample going to the fold that still lacks that label
// most, so a class with 11 samples still reaches every one of 5 folds.
import { NUM_CLASSES } from './classes.ts';
import { toLabelLists, type LabelInput } from './label-matrix.ts';
import { createRng, shuffleInPlace, type Rng } from './random.ts';

/** Fold index per sample for folds of the given relative sizes. */
export function iterativeStratification(
  labels: LabelInput,
  proportions: readonly number[],
  seed: number | string,
): Int32Array {
  const lists = toLabelLists(labels);
  const n = lists.length;
  const k = proportions.length;
  const total = proportions.reduce((a, b) => a + b, 0);
  if (k < 2 || proportions.some((p) => !(p > 0))) {
    throw new Error('iterativeStratification: need at least two positive proportions');
  }
  const rng: Rng = createRng(seed);
  const ratio = proportions.map((p) => p / total);
  // Shuffled visiting order: ties between equally good folds are then broken by the seed.
  const order = shuffleInPlace(
    Array.from({ length: n }, (_, i) => i),
    rng,
  );
  const byLabel: number[][] = Array.from({ length: NUM_CLASSES }, () => []);
  for (const i of order) for (const l of lists[i] ?? []) byLabel[l]?.push(i);
  const desiredTotal = ratio.map((r) => r * n);
  const desired = ratio.map((r) => byLabel.map((samples) => r * samples.length));
  const remaining = byLabel.map((s) => s.length);
  const fold = new Int32Array(n).fill(-1);

  const pickFold = (label: number | null): number => {
    let best: number[] = [];
    let bestLabel = -Infinity;
    let bestTotal = -Infinity;
    for (let j = 0; j < k; j += 1) {
      const byThisLabel = label === null ? 0 : (desired[j]?.[label] ?? 0);
      const byTotal = desiredTotal[j] ?? 0;
      if (byThisLabel > bestLabel || (byThisLabel === bestLabel && byTotal > bestTotal)) {
        best = [j];
        bestLabel = byThisLabel;
        bestTotal = byTotal;
      } else if (byThisLabel === bestLabel && byTotal === bestTotal) {
        best.push(j);
      }
    }
    return best.length === 1 ? (best[0] as number) : (best[rng.int(best.length)] as number);
  };
  const assign = (i: number, j: number) => {
    fold[i] = j;
    desiredTotal[j] = (desiredTotal[j] ?? 0) - 1;
    for (const l of lists[i] ?? []) {
      const row = desired[j] as number[];
      row[l] = (row[l] ?? 0) - 1;
      remaining[l] = (remaining[l] ?? 0) - 1;
    }
  };

  for (;;) {
    // The label with the fewest unassigned samples goes next (ties: lowest index, stable).
    let label = -1;
    for (let l = 0; l < NUM_CLASSES; l += 1) {
      const left = remaining[l] ?? 0;
      if (left > 0 && (label < 0 || left < (remaining[label] ?? 0))) label = l;
    }
    if (label < 0) break;
    for (const i of byLabel[label] ?? []) if (fold[i] === -1) assign(i, pickFold(label));
  }
  // Samples without labels only balance the fold sizes.
  for (const i of order) if (fold[i] === -1) assign(i, pickFold(null));
  return fold;
}

export interface TrainValidationSplit {
  train: number[];
  validation: number[];
}

function indicesWhere(fold: Int32Array, test: (f: number) => boolean): number[] {
  const out: number[] = [];
  fold.forEach((f, i) => {
    if (test(f)) out.push(i);
  });
  return out;
}

/** Train/validation split with every class's share kept in both parts. */
export function stratifiedSplit(
  labels: LabelInput,
  options: { validationFraction: number; seed: number | string },
): TrainValidationSplit {
  const f = options.validationFraction;
  if (!(f > 0 && f < 1)) throw new Error(`validationFraction must be in (0, 1), got ${f}`);
  const fold = iterativeStratification(labels, [1 - f, f], `split|${String(options.seed)}`);
  return {
    train: indicesWhere(fold, (x) => x === 0),
    validation: indicesWhere(fold, (x) => x === 1),
  };
}

export interface KFoldSplit {
  /** Fold index (0..k-1) per sample. */
  foldOf: Int32Array;
  /** For each fold f: validation = samples of fold f, train = all others. */
  folds: TrainValidationSplit[];
}

export function stratifiedKFold(
  labels: LabelInput,
  options: { k: number; seed: number | string },
): KFoldSplit {
  const { k } = options;
  if (!Number.isInteger(k) || k < 2) throw new Error(`k must be an integer >= 2, got ${k}`);
  const foldOf = iterativeStratification(
    labels,
    new Array<number>(k).fill(1),
    `kfold|${String(options.seed)}`,
  );
  const folds = Array.from({ length: k }, (_, f) => ({
    train: indicesWhere(foldOf, (x) => x !== f),
    validation: indicesWhere(foldOf, (x) => x === f),
  }));
  return { foldOf, folds };
}

/** What of a run's dataset config chooses its split (structurally config.dataset). */
export interface SplitChoice {
  splitSeed: number;
  validationFraction: number;
  /** K of a K-fold cross-validation; 0 or absent = the validationFraction split. */
  folds?: number;
  /** With folds, the fold validated on. */
  fold?: number;
}

/**
 * The run's train/validation split: fold `fold` of a `folds`-way stratified K-fold when folds
 * is set, the validationFraction split otherwise. Both seeded by splitSeed, so the K runs of
 * one cross-validation validate every sample exactly once between them.
 */
export function datasetSplit(labels: LabelInput, choice: SplitChoice): TrainValidationSplit {
  const folds = choice.folds ?? 0;
  if (folds === 0) {
    return stratifiedSplit(labels, {
      validationFraction: choice.validationFraction,
      seed: choice.splitSeed,
    });
  }
  const fold = choice.fold ?? 0;
  if (!Number.isInteger(fold) || fold < 0 || fold >= folds) {
    throw new Error(`dataset.fold must be in 0..${folds - 1}, got ${fold}`);
  }
  return stratifiedKFold(labels, { k: folds, seed: choice.splitSeed }).folds[fold]!;
}
