// The one description of a training run. The API validates launchRun with it, the trainer
// trains from it, and the stored Run.config is its parsed (defaulted) form, so two runs with the
// same stored config are the same experiment.
import { z } from 'zod';

const positiveInt = z.number().int().positive();

const smallCnnSchema = z.object({
  name: z.literal('small-cnn'),
  /** Filters of the first conv block; each later block doubles it. */
  filters: positiveInt.max(256).default(16),
  /** Conv blocks, each ending in a stride-2 max-pool. */
  blocks: positiveInt.max(6).default(4),
  dropout: z.number().min(0).max(0.9).default(0.2),
});

const resnetSchema = z.object({
  name: z.literal('resnet'),
  /** Residual blocks per stage, e.g. [1,1,1,1] is ResNet-10, [2,2,2,2] ResNet-18. */
  blocksPerStage: z.array(positiveInt.max(8)).min(1).max(5).default([1, 1, 1, 1]),
  /** Filters of the first stage; each later stage doubles it. */
  width: positiveInt.max(256).default(32),
  dropout: z.number().min(0).max(0.9).default(0),
});

const mobilenetV2Schema = z.object({
  name: z.literal('mobilenet-v2'),
  /** Scales every layer's channel count, as in the MobileNetV2 paper. */
  widthMultiplier: z.number().positive().max(2).default(0.5),
  expansion: positiveInt.max(8).default(6),
  dropout: z.number().min(0).max(0.9).default(0.2),
});

export const modelConfigSchema = z.discriminatedUnion('name', [
  smallCnnSchema,
  resnetSchema,
  mobilenetV2Schema,
]);
export type ModelConfig = z.infer<typeof modelConfigSchema>;
export type ModelName = ModelConfig['name'];

const baseLossSchema = z.discriminatedUnion('name', [
  z.object({ name: z.literal('bce') }),
  z.object({
    name: z.literal('weighted-bce'),
    /** Positive weight per class = (negatives/positives)^power, capped at maxWeight. */
    power: z.number().min(0).max(2).default(0.5),
    maxWeight: z.number().min(1).default(50),
  }),
  z.object({
    name: z.literal('focal'),
    gamma: z.number().min(0).max(10).default(2),
    alpha: z.number().min(0).max(1).default(0.25),
  }),
  z.object({ name: z.literal('soft-f1') }),
]);
export type BaseLossConfig = z.infer<typeof baseLossSchema>;

export const lossConfigSchema = z.union([
  baseLossSchema,
  z.object({
    name: z.literal('combined'),
    first: baseLossSchema,
    second: baseLossSchema,
    /** loss = (1 - secondWeight) * first + secondWeight * second */
    secondWeight: z.number().min(0).max(1).default(0.5),
  }),
]);
export type LossConfig = z.infer<typeof lossConfigSchema>;

export const samplerConfigSchema = z.discriminatedUnion('name', [
  z.object({ name: z.literal('uniform') }),
  z.object({
    name: z.literal('rare-oversample'),
    /** A sample's weight is (largest class count / its rarest class's count)^power. */
    power: z.number().min(0).max(1).default(0.5),
    /** Cap on a sample's weight, so a class of 11 samples is not drawn thousands of times. */
    maxWeight: z.number().min(1).default(20),
  }),
]);
export type SamplerConfig = z.infer<typeof samplerConfigSchema>;

export const augmentationConfigSchema = z.object({
  flip: z.boolean().default(true),
  rotate90: z.boolean().default(true),
  /** Max relative brightness change per channel (0 = off). */
  brightness: z.number().min(0).max(1).default(0),
});
export type AugmentationConfig = z.infer<typeof augmentationConfigSchema>;

export const scheduleConfigSchema = z.discriminatedUnion('name', [
  z.object({ name: z.literal('constant') }),
  z.object({
    name: z.literal('cosine'),
    /** Floor of the cosine, as a fraction of the base learning rate. */
    minFraction: z.number().min(0).max(1).default(0.01),
  }),
  z.object({
    name: z.literal('step'),
    everyEpochs: positiveInt.default(10),
    factor: z.number().positive().max(1).default(0.1),
  }),
]);
export type ScheduleConfig = z.infer<typeof scheduleConfigSchema>;

export const optimizerConfigSchema = z.object({
  name: z.literal('adam').default('adam'),
  learningRate: z.number().positive().max(1).default(1e-3),
  schedule: scheduleConfigSchema.default({ name: 'cosine', minFraction: 0.01 }),
  /** Linear warm-up from ~0 to learningRate over this many epochs (fractions allowed). */
  warmupEpochs: z.number().min(0).default(1),
});
export type OptimizerConfig = z.infer<typeof optimizerConfigSchema>;

export const thresholdModeSchema = z.enum(['global', 'per-class', 'label-ratio']);
export type ThresholdMode = z.infer<typeof thresholdModeSchema>;

export const backendNameSchema = z.enum([
  'auto',
  'tensorflow-gpu',
  'tensorflow',
  'wasm-onednn',
  'wasm',
  'cpu',
]);
export type BackendChoice = z.infer<typeof backendNameSchema>;
/** What HPA_TRAINER_BACKEND and a config's `backend` may say. */
export const BACKEND_NAMES = backendNameSchema.options;

export const datasetRefSchema = z.object({
  /** Path of the uint8 preprocessing cache (data/ builds it). */
  cachePath: z.string().min(1),
  /** Fingerprint of the cache; runs are comparable only on the same one. */
  fingerprint: z.string().min(1).optional(),
  splitSeed: z.number().int().nonnegative().default(0),
  validationFraction: z.number().gt(0).lt(1).default(0.2),
});
export type DatasetRef = z.infer<typeof datasetRefSchema>;

export const trainConfigSchema = z
  .object({
    model: modelConfigSchema,
    inputSize: positiveInt.min(16).max(2048).default(128),
    channels: z.number().int().min(1).max(4).default(4),
    loss: lossConfigSchema.default({ name: 'bce' }),
    sampler: samplerConfigSchema.default({ name: 'uniform' }),
    augmentation: augmentationConfigSchema.default({ flip: true, rotate90: true, brightness: 0 }),
    optimizer: optimizerConfigSchema.default({
      name: 'adam',
      learningRate: 1e-3,
      schedule: { name: 'cosine', minFraction: 0.01 },
      warmupEpochs: 1,
    }),
    epochs: positiveInt.max(1000).default(10),
    batchSize: positiveInt.max(1024).default(16),
    /** Cap on optimizer steps per epoch (0 = a full pass over the training split). */
    stepsPerEpoch: z.number().int().nonnegative().default(0),
    earlyStopping: z
      .object({
        patience: positiveInt.default(5),
        minDelta: z.number().min(0).default(0),
      })
      .default({ patience: 5, minDelta: 0 }),
    thresholds: z
      .object({
        mode: thresholdModeSchema.default('per-class'),
        /** Used by 'global' mode, and as the fallback for classes absent from validation. */
        global: z.number().gt(0).lt(1).default(0.5),
      })
      .default({ mode: 'per-class', global: 0.5 }),
    seed: z.number().int().nonnegative().default(42),
    backend: backendNameSchema.default('auto'),
    dataset: datasetRefSchema,
  })
  .superRefine((config, ctx) => {
    const factor = downsamplingFactor(config.model);
    if (config.inputSize % factor !== 0 || config.inputSize / factor < 2) {
      ctx.addIssue({
        code: 'custom',
        path: ['inputSize'],
        message:
          `${config.model.name} downsamples by ${factor}: inputSize must be a multiple of ` +
          `${factor} and at least ${2 * factor} (got ${config.inputSize})`,
      });
    }
  });

export type TrainConfig = z.infer<typeof trainConfigSchema>;
export type TrainConfigInput = z.input<typeof trainConfigSchema>;

/** Total stride of a model's feature extractor: the input must divide evenly by it. */
export function downsamplingFactor(model: ModelConfig): number {
  switch (model.name) {
    case 'small-cnn':
      return 2 ** model.blocks;
    case 'resnet':
      // Stem conv (stride 2) + max-pool (stride 2) + one stride-2 stage transition per stage.
      return 2 ** (2 + model.blocksPerStage.length - 1);
    case 'mobilenet-v2':
      return 32;
  }
}

export class TrainConfigError extends Error {
  readonly issues: { path: string; message: string }[];
  constructor(issues: { path: string; message: string }[]) {
    super(`invalid training config: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'TrainConfigError';
    this.issues = issues;
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(root)' : path.map(String).join('.');
}

/** Validates and fills defaults; throws TrainConfigError whose message names every bad field. */
export function parseTrainConfig(input: unknown): TrainConfig {
  const result = trainConfigSchema.safeParse(input);
  if (result.success) return result.data;
  throw new TrainConfigError(
    result.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
  );
}
