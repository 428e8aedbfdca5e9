// Scores of the study's runs from their stored validation probabilities, with per-class
// thresholds cross-fitted everywhere they are chosen: a single split's run alone, and a K-fold
// cross-validation pooled out of fold. The five rarest classes' mean F1 carries a bootstrap
// 90% interval, since with a handful of positives it is mostly noise.
import type { ValidationProbabilities } from '@hpa-lab/contracts';
import {
  bootstrapF1Interval,
  outOfFoldScores,
  poolOutOfFold,
  type BootstrapInterval,
} from '@hpa-lab/ml/metrics';
import { RARE_CLASS_IDS } from '@hpa-lab/ml/rare-classes';

export interface Scores {
  samples: number;
  macroF1: number;
  perClassF1: number[];
  /** Mean F1 of the five rarest classes, with its bootstrap interval. */
  rare: BootstrapInterval;
  /** Positives of each of the five rarest classes among the scored samples. */
  rareSupport: number[];
}

const RESAMPLES = 1000;

function scoresOf(
  labels: ArrayLike<number>,
  pooled: ReturnType<typeof outOfFoldScores>,
  seed: string,
): Scores {
  return {
    samples: labels.length / pooled.perClassF1.length,
    macroF1: pooled.macroF1,
    perClassF1: pooled.perClassF1,
    rare: bootstrapF1Interval(labels, pooled.predicted, {
      classIds: RARE_CLASS_IDS,
      classes: pooled.perClassF1.length,
      resamples: RESAMPLES,
      seed,
    }),
    rareSupport: RARE_CLASS_IDS.map((id) => pooled.support[id] ?? 0),
  };
}

/** One run's validation set scored alone (its two halves cross-fit the thresholds). */
export function splitScores(probabilities: ValidationProbabilities, seed: string): Scores {
  const scores = outOfFoldScores(probabilities);
  return scoresOf(probabilities.labels, scores, seed);
}

/** The K fold runs of one cross-validation pooled: every sample predicted once. */
export function outOfFoldStudyScores(
  folds: readonly ValidationProbabilities[],
  seed: string,
): Scores {
  const pooled = poolOutOfFold(folds);
  return scoresOf(pooled.labels, outOfFoldScores(pooled), seed);
}
