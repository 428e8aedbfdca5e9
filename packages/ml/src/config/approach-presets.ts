// Approaches worth starting from, taken from the experiments packages/ml's README documents
// (scripts/experiments/imbalance-comparison.ts and balanced-f1.ts): the launch form offers them
// as presets. A preset is a config without its data set, so it applies to whichever data set
// the member picked; config-entry.test.ts parses each one.
import type { TrainConfigInput } from './train-config.ts';

export interface ApproachPreset {
  id: string;
  /** The approach in a few words, also the run's `approach` text. */
  title: string;
  /** Why one would start here, and what the README measured with it. */
  description: string;
  config: Omit<TrainConfigInput, 'dataset'>;
}

/** The imbalance experiment's shared settings: ResNet-10 style, width 16, 64 px, Adam 2e-3. */
const imbalanceBase = {
  model: { name: 'resnet', blocksPerStage: [1, 1, 1, 1], width: 16 },
  inputSize: 64,
  channels: 4,
  epochs: 6,
  stepsPerEpoch: 100,
  batchSize: 32,
  optimizer: { learningRate: 0.002, warmupEpochs: 0.5 },
  earlyStopping: { patience: 1000, minDelta: 0 },
  seed: 11,
} satisfies Omit<TrainConfigInput, 'dataset'>;

export const APPROACH_PRESETS: readonly ApproachPreset[] = [
  {
    id: 'resnet10-focal-per-class',
    title: 'ResNet-10, focal, per-class thresholds',
    description:
      'Focal loss (gamma 2, alpha 0.25) with each class cut at its F1-best threshold on ' +
      'validation. README imbalance experiment: macro F1 0.370 on the same split, 0.340 ' +
      'cross-fitted.',
    config: {
      ...imbalanceBase,
      loss: { name: 'focal', gamma: 2, alpha: 0.25 },
      thresholds: { mode: 'per-class', global: 0.5 },
    },
  },
  {
    id: 'rare-oversample-soft-f1',
    title: 'Rare-class oversampling + soft-F1',
    description:
      'Rare classes drawn more often (power 0.5, at most 20x) and half the loss a soft macro ' +
      'F1, the metric itself. README imbalance experiment: oversampling with BCE reached the ' +
      'best class-8 F1 (0.174 cross-fitted).',
    config: {
      ...imbalanceBase,
      loss: {
        name: 'combined',
        first: { name: 'bce' },
        second: { name: 'soft-f1' },
        secondWeight: 0.5,
      },
      sampler: { name: 'rare-oversample', power: 0.5, maxWeight: 20 },
      thresholds: { mode: 'per-class', global: 0.5 },
    },
  },
  {
    id: 'resnet10-bce-per-class',
    title: 'ResNet-10, BCE, per-class thresholds',
    description:
      'Plain BCE with per-class thresholds: the best honestly scored variant of the README ' +
      'imbalance experiment (macro F1 0.393 cross-fitted).',
    config: {
      ...imbalanceBase,
      loss: { name: 'bce' },
      thresholds: { mode: 'per-class', global: 0.5 },
    },
  },
  {
    id: 'balanced-128-cpu',
    title: 'ResNet-10 at 128 px, 15 minutes on a CPU',
    description:
      'The README balanced experiment: 40 epochs of 75 steps, Adam 3e-3 with cosine, flips, ' +
      'quarter turns and brightness; validation macro F1 0.911 (0.880 cross-fitted) on ' +
      'balanced synthetic data.',
    config: {
      model: { name: 'resnet', blocksPerStage: [1, 1, 1, 1], width: 16 },
      inputSize: 128,
      channels: 4,
      epochs: 40,
      stepsPerEpoch: 75,
      batchSize: 32,
      optimizer: {
        learningRate: 0.003,
        warmupEpochs: 0.5,
        schedule: { name: 'cosine', minFraction: 0.02 },
      },
      augmentation: { flip: true, rotate90: true, brightness: 0.05 },
      thresholds: { mode: 'per-class', global: 0.5 },
      earlyStopping: { patience: 100, minDelta: 0 },
      seed: 21,
    },
  },
  {
    id: 'smoke-test',
    title: 'Smoke test: tiny CNN, 32 px, 2 epochs',
    description:
      'Checks that a data set and a worker train end to end in seconds; its scores mean ' +
      'nothing.',
    config: {
      model: { name: 'small-cnn', filters: 4, blocks: 2, dropout: 0 },
      inputSize: 32,
      epochs: 2,
      batchSize: 8,
      optimizer: { learningRate: 0.003, warmupEpochs: 0 },
    },
  },
];
