import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  binaryCrossEntropy,
  combinedLoss,
  focalLoss,
  positiveWeightsFromFrequencies,
  softMacroF1Loss,
  weightedBinaryCrossEntropy,
} from './losses.ts';
import { makeLoss } from './make-loss.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Two samples, two classes, hand-checkable numbers.
const yTrue = () =>
  tf.tensor2d([
    [1, 0],
    [0, 1],
  ]);
const yPred = () =>
  tf.tensor2d([
    [0.8, 0.3],
    [0.4, 0.9],
  ]);
const value = (t: tf.Scalar) => t.dataSync()[0]!;
const ln = Math.log;

describe('losses (hand-computed)', () => {
  it('BCE is the mean negative log-likelihood', () => {
    const expected = -(ln(0.8) + ln(0.7) + ln(0.6) + ln(0.9)) / 4;
    expect(value(binaryCrossEntropy(yTrue(), yPred()))).toBeCloseTo(expected, 6);
  });

  it('weighted BCE multiplies each class positive term', () => {
    const loss = weightedBinaryCrossEntropy([2, 3]);
    const expected = -(2 * ln(0.8) + ln(0.7) + ln(0.6) + 3 * ln(0.9)) / 4;
    expect(value(loss(yTrue(), yPred()))).toBeCloseTo(expected, 6);
  });

  it('positive weights follow (negatives/positives)^power with a cap', () => {
    const weights = positiveWeightsFromFrequencies([50, 10, 1, 0], 100, 0.5, 5);
    expect(weights[0]).toBeCloseTo(1, 6);
    expect(weights[1]).toBeCloseTo(3, 6);
    expect(weights[2]).toBe(5);
    expect(weights[3]).toBe(5);
  });

  it('focal loss down-weights easy examples', () => {
    const gamma = 2;
    const alpha = 0.25;
    const expected =
      -(
        alpha * 0.2 ** gamma * ln(0.8) +
        (1 - alpha) * 0.3 ** gamma * ln(0.7) +
        (1 - alpha) * 0.4 ** gamma * ln(0.6) +
        alpha * 0.1 ** gamma * ln(0.9)
      ) / 4;
    expect(value(focalLoss(gamma, alpha)(yTrue(), yPred()))).toBeCloseTo(expected, 6);
  });

  it('focal with gamma 0 and alpha 0.5 is half of BCE', () => {
    const bce = value(binaryCrossEntropy(yTrue(), yPred()));
    expect(value(focalLoss(0, 0.5)(yTrue(), yPred()))).toBeCloseTo(bce / 2, 6);
  });

  it('soft macro F1 loss is 1 - mean soft F1', () => {
    // class 0: tp 0.8, fp 0.4, fn 0.2 -> 1.6/2.2; class 1: tp 0.9, fp 0.3, fn 0.1 -> 1.8/2.2
    const expected = 1 - (1.6 / 2.2 + 1.8 / 2.2) / 2;
    expect(value(softMacroF1Loss(yTrue(), yPred()))).toBeCloseTo(expected, 5);
    expect(value(softMacroF1Loss(yTrue(), yTrue()))).toBeCloseTo(0, 5);
  });

  it('combined loss is the weighted sum of its parts', () => {
    const bce = value(binaryCrossEntropy(yTrue(), yPred()));
    const f1 = value(softMacroF1Loss(yTrue(), yPred()));
    const loss = combinedLoss(binaryCrossEntropy, softMacroF1Loss, 0.25);
    expect(value(loss(yTrue(), yPred()))).toBeCloseTo(0.75 * bce + 0.25 * f1, 6);
  });

  it('makeLoss builds each configured loss and leaks no tensors', () => {
    const frequencies = { positiveCounts: [10, 1], sampleCount: 100 };
    const t = yTrue();
    const p = yPred();
    const before = tf.memory().numTensors;
    for (const config of [
      { name: 'bce' as const },
      { name: 'weighted-bce' as const, power: 1, maxWeight: 50 },
      { name: 'focal' as const, gamma: 2, alpha: 0.25 },
      { name: 'soft-f1' as const },
      {
        name: 'combined' as const,
        first: { name: 'bce' as const },
        second: { name: 'soft-f1' as const },
        secondWeight: 0.5,
      },
    ]) {
      const loss = makeLoss(config, frequencies)(t, p);
      expect(Number.isFinite(value(loss))).toBe(true);
      loss.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gradients stay finite at saturated probabilities', () => {
    const grad = tf.grad((p: tf.Tensor) => focalLoss(2, 0.25)(yTrue(), p))(
      tf.tensor2d([
        [1, 0],
        [0, 1],
      ]),
    );
    expect(Array.from(grad.dataSync()).every(Number.isFinite)).toBe(true);
  });
});
