// Which samples an epoch visits. Uniform = a seeded permutation. Oversampling = draws with
// replacement, each sample weighted by its rarest label, capped so a class with 11 samples is
// not repeated hundreds of times (memorised) per epoch. Label-set sampling = draws weighted by
// how rare the sample's whole label set is, so rare combinations come up too.
import { classCounts, toLabelLists, type LabelInput } from './label-matrix.ts';
import { createRng, shuffleInPlace } from './random.ts';

export interface EpochSampler {
  /** Sample indices for epoch `epoch` (same epoch + seed -> same order). */
  epoch(epoch: number): Int32Array;
  /** Number of indices per epoch. */
  epochSize: number;
}

/** Every sample once per epoch, in a seeded order. */
export function uniformSampler(options: { count: number; seed: number | string }): EpochSampler {
  const { count, seed } = options;
  return {
    epochSize: count,
    epoch(epoch) {
      const order = Array.from({ length: count }, (_, i) => i);
      return Int32Array.from(shuffleInPlace(order, createRng(`uniform|${String(seed)}|${epoch}`)));
    },
  };
}

export interface RareClassWeightOptions {
  /** Largest weight any sample gets (>= 1). */
  cap: number;
  /** weight = (largest class count / rarest label's count) ^ power; default 0.5. */
  power?: number;
}

/** Per-sample weight from its rarest label, in [1, cap]; unlabeled samples weigh 1. */
export function rareClassWeights(
  labels: LabelInput,
  options: RareClassWeightOptions,
): Float64Array {
  const { cap } = options;
  const power = options.power ?? 0.5;
  if (!(cap >= 1)) throw new Error(`cap must be >= 1, got ${cap}`);
  const lists = toLabelLists(labels);
  const counts = classCounts(lists);
  const reference = Math.max(...counts);
  return Float64Array.from(lists, (list) => {
    if (list.length === 0) return 1;
    const rarest = Math.min(...list.map((l) => counts[l] ?? reference));
    return Math.min(cap, Math.max(1, Math.pow(reference / Math.max(rarest, 1), power)));
  });
}

/** Draws `epochSize` indices with replacement, proportionally to `weights`. */
export function weightedSampler(options: {
  weights: ArrayLike<number>;
  seed: number | string;
  epochSize?: number;
}): EpochSampler {
  const { weights, seed } = options;
  const cumulative = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i += 1) {
    const w = weights[i] as number;
    if (!(w >= 0)) throw new Error(`weights[${i}] must be >= 0, got ${w}`);
    cumulative[i] = sum += w;
  }
  if (!(sum > 0)) throw new Error('weightedSampler: all weights are zero');
  const epochSize = options.epochSize ?? weights.length;
  return {
    epochSize,
    epoch(epoch) {
      const rng = createRng(`weighted|${String(seed)}|${epoch}`);
      const out = new Int32Array(epochSize);
      for (let k = 0; k < epochSize; k += 1) {
        const u = rng.next() * sum;
        let lo = 0;
        let hi = cumulative.length - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if ((cumulative[mid] as number) > u) hi = mid;
          else lo = mid + 1;
        }
        out[k] = lo;
      }
      return out;
    },
  };
}

/** Rare-class oversampling: weightedSampler over rareClassWeights. */
export function oversamplingSampler(
  labels: LabelInput,
  options: RareClassWeightOptions & { seed: number | string; epochSize?: number },
): EpochSampler {
  return weightedSampler({
    weights: rareClassWeights(labels, options),
    seed: options.seed,
    epochSize: options.epochSize,
  });
}

export interface LabelSetWeightOptions {
  /** Largest weight any sample gets (>= 1). */
  cap: number;
  /**
   * weight = (most common label set's count / this sample's label set's count) ^ power; 1 draws
   * every distinct label set equally often (up to the cap), 0 is uniform. Default 0.5.
   */
  power?: number;
}

/** The key of a label set: its sorted labels joined by spaces ('' for none). */
function labelSetKey(list: readonly number[]): string {
  return [...list].sort((a, b) => a - b).join(' ');
}

/**
 * Per-sample weight from how common its whole label set is, in [1, cap]. Rarest-label weights
 * lift every sample of a rare class alike; these lift rare combinations (e.g. a common class
 * seen with an unusual companion), which a model otherwise meets once or twice per run.
 */
export function labelSetWeights(labels: LabelInput, options: LabelSetWeightOptions): Float64Array {
  const { cap } = options;
  const power = options.power ?? 0.5;
  if (!(cap >= 1)) throw new Error(`cap must be >= 1, got ${cap}`);
  if (!(power >= 0)) throw new Error(`power must be >= 0, got ${power}`);
  const keys = toLabelLists(labels).map(labelSetKey);
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  const reference = Math.max(0, ...counts.values());
  return Float64Array.from(keys, (key) =>
    Math.min(cap, Math.max(1, Math.pow(reference / (counts.get(key) ?? reference), power))),
  );
}

/** Label-set-aware sampling: weightedSampler over labelSetWeights. */
export function labelSetSampler(
  labels: LabelInput,
  options: LabelSetWeightOptions & { seed: number | string; epochSize?: number },
): EpochSampler {
  return weightedSampler({
    weights: labelSetWeights(labels, options),
    seed: `label-set|${String(options.seed)}`,
    epochSize: options.epochSize,
  });
}

/** Splits an epoch's indices into batches. */
export function* batchesOf(
  indices: ArrayLike<number>,
  batchSize: number,
  options: { dropLast?: boolean } = {},
): Generator<number[]> {
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new Error(`batchSize must be >= 1, got ${batchSize}`);
  for (let start = 0; start < indices.length; start += batchSize) {
    const end = Math.min(indices.length, start + batchSize);
    if (options.dropLast && end - start < batchSize) return;
    yield Array.from({ length: end - start }, (_, k) => indices[start + k] as number);
  }
}
