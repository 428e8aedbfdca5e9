// Scores of the study's runs from their stored validation probabilities, with per-class
// thresholds cross-fitted everywhere they are chosen: a single split's run alone, and a K-fold
// cross-validation pooled out of fold. The five rarest classes' mean F1 carries a bootstrap
// 90% interval, since with a handful of positives it is mostly noise.
import type { ValidationProbabilities } from '@hpa-lab/contracts';
import {
  bootstrapF1DifferenceInterval,
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

/** The mean-of-probabilities ensemble's macro F1 over its best member's, with its interval. */
export interface EnsembleGain {
  macroF1: number;
  bestMemberMacroF1: number;
  /** Ensemble minus best member, paired bootstrap over the scored samples (all classes). */
  gain: BootstrapInterval;
}

/**
 * Recomputes an ensemble what-if from its members' stored probabilities (the API gives the
 * gain but no interval): averaged probabilities, thresholds cross-fitted as for every score
 * here. Members must hold the same samples in the same order (one split); a string says why not.
 */
export function ensembleGain(
  members: readonly ValidationProbabilities[],
  seed: string,
): EnsembleGain | string {
  const [first] = members;
  if (!first || members.length < 2) return `needs 2 members, has ${members.length}`;
  for (const member of members) {
    if (
      member.classes !== first.classes ||
      member.ids.length !== first.ids.length ||
      member.ids.some((id, i) => id !== first.ids[i])
    ) {
      return 'the members were not scored on the same samples in the same order';
    }
  }
  const mean = new Float32Array(first.probabilities.length);
  for (const member of members) {
    for (let i = 0; i < mean.length; i++)
      mean[i] = mean[i]! + member.probabilities[i]! / members.length;
  }
  const ensemble = outOfFoldScores({ ...first, probabilities: mean });
  const best = members
    .map((member) => outOfFoldScores(member))
    .reduce((a, b) => (b.macroF1 > a.macroF1 ? b : a));
  return {
    macroF1: ensemble.macroF1,
    bestMemberMacroF1: best.macroF1,
    gain: bootstrapF1DifferenceInterval(first.labels, ensemble.predicted, best.predicted, {
      classIds: Array.from({ length: first.classes }, (_, c) => c),
      classes: first.classes,
      resamples: RESAMPLES,
      seed,
    }),
  };
}
