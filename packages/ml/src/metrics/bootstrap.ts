// Bootstrap intervals for F1 of a few classes. A class with a handful of positives has an F1
// that moves a lot with which samples happen to be scored; resampling the scored samples with
// replacement shows by how much. The predictions are fixed (thresholds already chosen,
// cross-fitted): the interval is about the sampling of the evaluated set, not about training.
// Plain JS with its own seeded generator: `@hpa-lab/ml/metrics` loads in the API and browsers.
import { f1FromCounts } from './macro-f1.ts';

export interface BootstrapInterval {
  /** The statistic on the samples as given. */
  estimate: number;
  /** Lower and upper percentile of the resampled statistic. */
  low: number;
  high: number;
  /** Coverage, e.g. 0.9 for the 5th to the 95th percentile. */
  level: number;
  resamples: number;
}

export interface BootstrapOptions {
  /** Class indices whose F1 is averaged (one index: that class's F1). */
  classIds: readonly number[];
  classes: number;
  /** Default 0.9. */
  level?: number;
  /** Default 1,000. */
  resamples?: number;
  seed: number | string;
}

/** mulberry32 seeded by FNV-1a of the seed's text: the same seed, the same resamples anywhere. */
function seededUniform(seed: number | string): () => number {
  const text = typeof seed === 'number' ? `n:${seed}` : `s:${seed}`;
  let state = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    state ^= text.charCodeAt(i);
    state = Math.imul(state, 0x01000193);
  }
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Linear interpolation between order statistics (numpy's default percentile). */
function percentile(sorted: Float64Array, q: number): number {
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

/**
 * Percentile bootstrap interval of the mean F1 of `classIds` (truth and predicted: samples x
 * classes, row-major, 0/1). Each resample draws as many samples as there are, with replacement.
 */
export function bootstrapF1Interval(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  options: BootstrapOptions,
): BootstrapInterval {
  return resampledInterval(truth, [predicted], options, ([f1]) => f1!);
}

/**
 * Paired bootstrap interval of (mean F1 of `first`) - (mean F1 of `second`) over `classIds`:
 * both predictions are scored on the same resampled samples, so what the two share (the
 * samples' difficulty) cancels. E.g. an ensemble's gain over its best member.
 */
export function bootstrapF1DifferenceInterval(
  truth: ArrayLike<number>,
  first: ArrayLike<number>,
  second: ArrayLike<number>,
  options: BootstrapOptions,
): BootstrapInterval {
  return resampledInterval(truth, [first, second], options, ([a, b]) => a! - b!);
}

function resampledInterval(
  truth: ArrayLike<number>,
  predictions: readonly ArrayLike<number>[],
  options: BootstrapOptions,
  statistic: (meanF1s: number[]) => number,
): BootstrapInterval {
  const { classIds, classes } = options;
  const level = options.level ?? 0.9;
  const resamples = options.resamples ?? 1000;
  if (!(level > 0 && level < 1)) throw new Error(`level must be in (0, 1), got ${level}`);
  if (!Number.isInteger(resamples) || resamples < 10) {
    throw new Error(`resamples must be an integer >= 10, got ${resamples}`);
  }
  if (classIds.length === 0) throw new Error('classIds is empty');
  for (const c of classIds) {
    if (!Number.isInteger(c) || c < 0 || c >= classes) {
      throw new Error(`class ${c} is not in 0..${classes - 1}`);
    }
  }
  for (const predicted of predictions) {
    if (truth.length !== predicted.length || truth.length % classes !== 0) {
      throw new Error(
        `truth (${truth.length}) and predicted (${predicted.length}) must both be samples x ${classes}`,
      );
    }
  }
  const samples = truth.length / classes;
  if (samples === 0) throw new Error('no samples to resample');

  // Per prediction, sample and chosen class, its outcome: 1 = tp, 2 = fp, 3 = fn, 0 = tn.
  // Resampling then only counts outcomes.
  const k = classIds.length;
  const outcomes = predictions.map((predicted) => {
    const outcome = new Uint8Array(samples * k);
    for (let s = 0; s < samples; s++) {
      for (let j = 0; j < k; j++) {
        const at = s * classes + classIds[j]!;
        const t = truth[at]! > 0;
        const p = predicted[at]! > 0;
        outcome[s * k + j] = t && p ? 1 : p ? 2 : t ? 3 : 0;
      }
    }
    return outcome;
  });
  const counts = outcomes.map(() => new Float64Array(4 * k));
  const add = (s: number) => {
    outcomes.forEach((outcome, i) => {
      const c = counts[i]!;
      for (let j = 0; j < k; j++) c[4 * j + outcome[s * k + j]!]! += 1;
    });
  };
  const value = () =>
    statistic(
      counts.map((c) => {
        let sum = 0;
        for (let j = 0; j < k; j++)
          sum += f1FromCounts(c[4 * j + 1]!, c[4 * j + 2]!, c[4 * j + 3]!);
        return sum / k;
      }),
    );
  for (let s = 0; s < samples; s++) add(s);
  const estimate = value();

  const uniform = seededUniform(options.seed);
  const values = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    for (const c of counts) c.fill(0);
    for (let n = 0; n < samples; n++) add(Math.floor(uniform() * samples));
    values[r] = value();
  }
  values.sort();
  const tail = (1 - level) / 2;
  return {
    estimate,
    low: percentile(values, tail),
    high: percentile(values, 1 - tail),
    level,
    resamples,
  };
}
