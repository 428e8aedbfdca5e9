import type { BaseLossConfig, LossConfig } from '../config/train-config.ts';
import type { LossFn } from './losses.ts';
import {
  binaryCrossEntropy,
  combinedLoss,
  focalLoss,
  positiveWeightsFromFrequencies,
  softMacroF1Loss,
  weightedBinaryCrossEntropy,
} from './losses.ts';

/** Label statistics of the training split, which class-weighted losses need. */
export interface LabelFrequencies {
  positiveCounts: ArrayLike<number>;
  sampleCount: number;
}

function makeBaseLoss(config: BaseLossConfig, frequencies: LabelFrequencies): LossFn {
  switch (config.name) {
    case 'bce':
      return binaryCrossEntropy;
    case 'weighted-bce':
      return weightedBinaryCrossEntropy(
        positiveWeightsFromFrequencies(
          frequencies.positiveCounts,
          frequencies.sampleCount,
          config.power,
          config.maxWeight,
        ),
      );
    case 'focal':
      return focalLoss(config.gamma, config.alpha);
    case 'soft-f1':
      return softMacroF1Loss;
  }
}

export function makeLoss(config: LossConfig, frequencies: LabelFrequencies): LossFn {
  if (config.name === 'combined') {
    return combinedLoss(
      makeBaseLoss(config.first, frequencies),
      makeBaseLoss(config.second, frequencies),
      config.secondWeight,
    );
  }
  return makeBaseLoss(config, frequencies);
}
