// The study settings the plan and resume unit tests share: every variant, 5-fold CV, one seed.
import { STUDY_VARIANTS, type StudySettings } from './study-plan.ts';

export const unitSettings: StudySettings = {
  study: 'unit',
  dataDir: '/data/study',
  inputSize: 64,
  epochs: 2,
  stepsPerEpoch: 0,
  batchSize: 32,
  learningRate: 0.002,
  model: { name: 'resnet', blocksPerStage: [1, 1, 1, 1], width: 16 },
  splitSeed: 2018,
  validationFraction: 0.2,
  seed: 42,
  folds: 5,
  cvSeeds: [42],
  cvBest: 2,
  variants: STUDY_VARIANTS,
};
