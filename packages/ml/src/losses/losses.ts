// Multi-label losses over sigmoid probabilities [batch, classes]. Each returns a scalar and
// runs inside tf.tidy so intermediates never outlive the call.
import * as tf from '@tensorflow/tfjs';

export type LossFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;

// log(0) guard: probabilities are clipped into [EPSILON, 1 - EPSILON].
const EPSILON = 1e-7;

function clipped(yPred: tf.Tensor): tf.Tensor {
  return tf.clipByValue(yPred, EPSILON, 1 - EPSILON);
}

/** Mean binary cross-entropy over every (sample, class) pair. */
export function binaryCrossEntropy(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const p = clipped(yPred);
    const perElement = tf.add(
      tf.mul(yTrue, tf.log(p)),
      tf.mul(tf.sub(1, yTrue), tf.log(tf.sub(1, p))),
    );
    return tf.neg(tf.mean(perElement));
  });
}

/** BCE whose positive term for class c is multiplied by positiveWeights[c]. */
export function weightedBinaryCrossEntropy(positiveWeights: ArrayLike<number>): LossFn {
  const weights = Float32Array.from(positiveWeights);
  return (yTrue, yPred) =>
    tf.tidy(() => {
      const p = clipped(yPred);
      const w = tf.tensor1d(weights);
      const positive = tf.mul(w, tf.mul(yTrue, tf.log(p)));
      const negative = tf.mul(tf.sub(1, yTrue), tf.log(tf.sub(1, p)));
      return tf.neg(tf.mean(tf.add(positive, negative)));
    });
}

/**
 * Positive weight per class from label frequencies: ((negatives / positives) ^ power), capped.
 * A class never seen gets the cap (it is as rare as it can be).
 */
export function positiveWeightsFromFrequencies(
  positiveCounts: ArrayLike<number>,
  sampleCount: number,
  power: number,
  maxWeight: number,
): Float32Array {
  return Float32Array.from(positiveCounts, (positives) => {
    if (positives <= 0) return maxWeight;
    return Math.min(maxWeight, Math.max(1, ((sampleCount - positives) / positives) ** power));
  });
}

/**
 * Focal loss (Lin et al. 2017): BCE scaled by (1 - p_t)^gamma so easy examples count less;
 * alpha weighs positives, (1 - alpha) negatives.
 */
export function focalLoss(gamma: number, alpha: number): LossFn {
  return (yTrue, yPred) =>
    tf.tidy(() => {
      const p = clipped(yPred);
      const positive = tf.mul(tf.mul(alpha, tf.pow(tf.sub(1, p), gamma)), tf.mul(yTrue, tf.log(p)));
      const negative = tf.mul(
        tf.mul(1 - alpha, tf.pow(p, gamma)),
        tf.mul(tf.sub(1, yTrue), tf.log(tf.sub(1, p))),
      );
      return tf.neg(tf.mean(tf.add(positive, negative)));
    });
}

/**
 * 1 - macro soft F1: per class, TP/FP/FN are sums of probabilities over the batch, so the
 * loss optimizes the competition metric directly (differentiably).
 */
export function softMacroF1Loss(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const tp = tf.sum(tf.mul(yTrue, yPred), 0);
    const fp = tf.sum(tf.mul(tf.sub(1, yTrue), yPred), 0);
    const fn = tf.sum(tf.mul(yTrue, tf.sub(1, yPred)), 0);
    const f1 = tf.div(tf.mul(2, tp), tf.add(tf.add(tf.add(tf.mul(2, tp), fp), fn), EPSILON));
    return tf.sub(1, tf.mean(f1));
  });
}

/** (1 - secondWeight) * first + secondWeight * second. */
export function combinedLoss(first: LossFn, second: LossFn, secondWeight: number): LossFn {
  return (yTrue, yPred) =>
    tf.tidy(() =>
      tf.add(
        tf.mul(1 - secondWeight, first(yTrue, yPred)),
        tf.mul(secondWeight, second(yTrue, yPred)),
      ),
    );
}
