// The balanced 128 px run's config (balanced-f1.ts), shared with bf16-parity.ts so that the
// bfloat16 check trains exactly the run the README reports.
import {
  parseTrainConfig,
  type BackendChoice,
  type Precision,
} from '../../src/config/train-config.ts';

export function balancedConfig(
  cachePath: string,
  epochs: number,
  stepsPerEpoch: number,
  {
    precision = 'float32',
    backend = 'auto',
  }: { precision?: Precision; backend?: BackendChoice } = {},
) {
  return parseTrainConfig({
    model: { name: 'resnet', blocksPerStage: [1, 1, 1, 1], width: 16 },
    inputSize: 128,
    channels: 4,
    epochs,
    stepsPerEpoch,
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
    backend,
    precision,
    dataset: { cachePath, splitSeed: 1, validationFraction: 0.2 },
  });
}
