// Draws label sets that follow the real HPA 2018 statistics. The shipped table is the histogram
// of distinct label sets, so sampling a set from it reproduces class frequencies AND
// co-occurrence. `rarity` flattens it: class shares move towards count^rarity.
import { NUM_CLASSES } from '../classes.ts';
import type { Rng } from '../random.ts';
import stats from './hpa-label-stats.json' with { type: 'json' };

export interface LabelStatistics {
  total: number;
  classCounts: number[];
  /** Label set ('0 25') -> number of samples. */
  combos: Record<string, number>;
}

export const HPA_LABEL_STATISTICS: LabelStatistics = stats;

export interface LabelSampler {
  /** Sorted label set. */
  sample(rng: Rng): number[];
  /** Expected share of samples carrying each class under this sampler. */
  expectedClassShare: number[];
}

function classShares(sets: number[][], weights: number[]): number[] {
  const share = new Array<number>(NUM_CLASSES).fill(0);
  const sum = weights.reduce((a, b) => a + b, 0);
  sets.forEach((set, i) => {
    for (const label of set) share[label] = (share[label] ?? 0) + (weights[i] ?? 0) / sum;
  });
  return share;
}

/**
 * rarity 1 = the real distribution; 0 = as flat as co-occurrence allows (a balanced demo);
 * values in between follow count^rarity. Set weights come from iterative proportional fitting
 * of one multiplier per class, which keeps the real label sets (and so the co-occurrence
 * structure) and only changes how often each is drawn.
 */
export function createLabelSampler(
  options: { rarity?: number; statistics?: LabelStatistics } = {},
): LabelSampler {
  const rarity = options.rarity ?? 1;
  if (!(rarity >= 0 && rarity <= 1)) throw new Error(`rarity must be in 0..1, got ${rarity}`);
  const table = options.statistics ?? HPA_LABEL_STATISTICS;
  const entries = Object.entries(table.combos).sort(([a], [b]) => (a < b ? -1 : 1));
  const sets = entries.map(([key]) => key.split(' ').map(Number));
  const baseCounts = entries.map(([, count]) => count);
  const multipliers = new Array<number>(NUM_CLASSES).fill(1);
  const target = table.classCounts.map((c) => Math.pow(Math.max(c, 1), rarity));
  const targetSum = target.reduce((a, b) => a + b, 0);
  let weights = baseCounts.slice();
  if (rarity < 1) {
    for (let iteration = 0; iteration < 300; iteration += 1) {
      const share = classShares(sets, weights);
      const shareSum = share.reduce((a, b) => a + b, 0);
      for (let c = 0; c < NUM_CLASSES; c += 1) {
        const want = (target[c] ?? 0) / targetSum;
        const have = (share[c] ?? 0) / shareSum;
        if (have > 0) multipliers[c] = (multipliers[c] ?? 1) * Math.pow(want / have, 0.5);
      }
      // A set's weight uses its rarest-boosted class: products over all labels would let
      // frequent companions (class 0) cancel the boost of the rare class they accompany.
      weights = sets.map(
        (set, i) => (baseCounts[i] ?? 0) * Math.max(...set.map((l) => multipliers[l] ?? 1)),
      );
    }
  }
  const cumulative: number[] = [];
  let running = 0;
  for (const w of weights) cumulative.push((running += w));
  return {
    expectedClassShare: classShares(sets, weights),
    sample(rng) {
      const u = rng.next() * running;
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((cumulative[mid] ?? 0) > u) hi = mid;
        else lo = mid + 1;
      }
      return (sets[lo] ?? [0]).slice();
    },
  };
}
