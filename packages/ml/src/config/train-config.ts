// The one description of a training run. The API validates launchRun with it, the trainer
// trains from it, and the stored Run.config is its parsed (defaulted) form, so two runs with the
// same stored config are the same experiment. Each field's `title` and `description` (meta)
// reach the JSON Schema, from which the dashboard generates its launch form: a field added
// here appears there, described, with no web edit. `x-group` gathers top-level scalars into
// one fieldset of that form.
import { z } from 'zod';
import { syntheticSpecProblem, SYNTHETIC_PREFIX } from './synthetic-spec.ts';
import { downsamplingFactor, modelConfigSchema, positiveInt } from './model-config.ts';

export {
  downsamplingFactor,
  modelConfigSchema,
  type ModelConfig,
  type ModelName,
} from './model-config.ts';

const baseLossSchema = z
  .discriminatedUnion('name', [
    z
      .object({ name: z.literal('bce') })
      .meta({ title: 'Binary cross-entropy', description: 'Plain BCE over the 28 outputs.' }),
    z
      .object({
        name: z.literal('weighted-bce'),
        /** Positive weight per class = (negatives/positives)^power, capped at maxWeight. */
        power: z.number().min(0).max(2).default(0.5).meta({
          title: 'Power',
          description: 'Positive weight per class = (negatives / positives)^power.',
        }),
        maxWeight: z.number().min(1).default(50).meta({
          title: 'Largest weight',
          description: "Cap on a class's positive weight.",
        }),
      })
      .meta({
        title: 'Weighted BCE',
        description: "BCE with rare classes' positives weighted up.",
      }),
    z
      .object({
        name: z.literal('focal'),
        gamma: z.number().min(0).max(10).default(2).meta({
          title: 'Gamma',
          description: 'Focusing strength: how much well-classified samples are down-weighted.',
        }),
        alpha: z.number().min(0).max(1).default(0.25).meta({
          title: 'Alpha',
          description: 'Weight of the positive term (1 - alpha for the negative).',
        }),
      })
      .meta({ title: 'Focal', description: 'Focal loss: focuses on hard, misclassified samples.' }),
    z.object({ name: z.literal('soft-f1') }).meta({
      title: 'Soft F1',
      description: 'One minus a differentiable macro F1: optimises the metric itself.',
    }),
  ])
  .meta({ title: 'Loss' });
export type BaseLossConfig = z.infer<typeof baseLossSchema>;

// One flat list of choices (not a union of the base union and `combined`), so a form offers
// the five losses side by side.
export const lossConfigSchema = z
  .discriminatedUnion('name', [
    ...baseLossSchema.options,
    z
      .object({
        name: z.literal('combined'),
        first: baseLossSchema.meta({ title: 'First loss', description: 'Weighted 1 - weight.' }),
        second: baseLossSchema.meta({ title: 'Second loss', description: 'Weighted by weight.' }),
        /** loss = (1 - secondWeight) * first + secondWeight * second */
        secondWeight: z.number().min(0).max(1).default(0.5).meta({
          title: 'Weight of the second',
          description: 'loss = (1 - weight) * first + weight * second.',
        }),
      })
      .meta({ title: 'Combined', description: 'A weighted sum of two of the losses above.' }),
  ])
  .meta({ title: 'Loss', description: 'What training minimises.' });
export type LossConfig = z.infer<typeof lossConfigSchema>;

export const samplerConfigSchema = z
  .discriminatedUnion('name', [
    z.object({ name: z.literal('uniform') }).meta({
      title: 'Uniform',
      description: 'Every training sample equally often.',
    }),
    z
      .object({
        name: z.literal('rare-oversample'),
        /** A sample's weight is (largest class count / its rarest class's count)^power. */
        power: z.number().min(0).max(1).default(0.5).meta({
          title: 'Power',
          description:
            "A sample's weight is (largest class count / its rarest class's count)^power.",
        }),
        /** Cap on a sample's weight, so a class of 11 samples is not drawn thousands of times. */
        maxWeight: z.number().min(1).default(20).meta({
          title: 'Largest weight',
          description:
            "Cap on a sample's weight, so a class of 11 samples is not drawn thousands of times.",
        }),
      })
      .meta({
        title: 'Rare-class oversampling',
        description: 'Samples of rare classes drawn more often.',
      }),
    z
      .object({
        name: z.literal('label-set'),
        /** A sample's weight is (most common label set's count / its label set's count)^power. */
        power: z
          .number()
          .min(0)
          .max(1)
          .default(0.5)
          .meta({
            title: 'Power',
            description:
              "A sample's weight is (most common label set's count / its label set's count)^power; " +
              '1 draws every label set equally often.',
          }),
        maxWeight: z.number().min(1).default(20).meta({
          title: 'Largest weight',
          description: "Cap on a sample's weight, so a label set seen once is not memorised.",
        }),
      })
      .meta({
        title: 'Label-set-aware sampling',
        description:
          'Samples drawn by how rare their whole label set is, so rare combinations appear.',
      }),
  ])
  .meta({ title: 'Sampler', description: 'How training batches are drawn.' });
export type SamplerConfig = z.infer<typeof samplerConfigSchema>;

export const augmentationConfigSchema = z
  .object({
    flip: z
      .boolean()
      .default(true)
      .meta({ title: 'Flips', description: 'Random horizontal and vertical flips.' }),
    rotate90: z
      .boolean()
      .default(true)
      .meta({ title: 'Quarter turns', description: 'Random rotations by multiples of 90°.' }),
    /** Max relative brightness change per channel (0 = off). */
    brightness: z.number().min(0).max(1).default(0).meta({
      title: 'Brightness',
      description: 'Largest relative brightness change per channel (0 = off).',
    }),
    /** Max relative contrast change around each channel's mean (0 = off). */
    contrast: z.number().min(0).max(1).default(0).meta({
      title: 'Contrast',
      description:
        "Largest relative contrast change around each channel's mean, e.g. 0.3 = x0.7 to x1.3 (0 = off).",
    }),
  })
  .meta({ title: 'Augmentation', description: 'Random changes to training images.' });
export type AugmentationConfig = z.infer<typeof augmentationConfigSchema>;

export const scheduleConfigSchema = z
  .discriminatedUnion('name', [
    z.object({ name: z.literal('constant') }).meta({
      title: 'Constant',
      description: 'The learning rate throughout.',
    }),
    z
      .object({
        name: z.literal('cosine'),
        /** Floor of the cosine, as a fraction of the base learning rate. */
        minFraction: z.number().min(0).max(1).default(0.01).meta({
          title: 'Floor',
          description: 'Floor of the cosine, as a fraction of the learning rate.',
        }),
      })
      .meta({ title: 'Cosine', description: 'Cosine decay over the epochs.' }),
    z
      .object({
        name: z.literal('step'),
        everyEpochs: positiveInt.default(10).meta({
          title: 'Every (epochs)',
          description: 'Epochs between two drops.',
        }),
        factor: z.number().positive().max(1).default(0.1).meta({
          title: 'Factor',
          description: 'What the learning rate is multiplied by at each drop.',
        }),
      })
      .meta({ title: 'Step', description: 'Drops by a factor every few epochs.' }),
  ])
  .meta({ title: 'Schedule', description: 'How the learning rate changes after the warm-up.' });
export type ScheduleConfig = z.infer<typeof scheduleConfigSchema>;

export const optimizerConfigSchema = z
  .object({
    name: z
      .literal('adam')
      .default('adam')
      .meta({ title: 'Optimizer', description: 'Adam (the only one for now).' }),
    learningRate: z.number().positive().max(1).default(1e-3).meta({
      title: 'Learning rate',
      description: 'Base learning rate: greater than 0, at most 1 (e.g. 0.001).',
    }),
    schedule: scheduleConfigSchema.default({ name: 'cosine', minFraction: 0.01 }),
    /** Linear warm-up from ~0 to learningRate over this many epochs (fractions allowed). */
    warmupEpochs: z.number().min(0).default(1).meta({
      title: 'Warm-up (epochs)',
      description: 'Linear warm-up from about 0 to the learning rate; fractions allowed.',
    }),
  })
  .meta({ title: 'Optimizer', description: 'Adam, its learning rate and schedule.' });
export type OptimizerConfig = z.infer<typeof optimizerConfigSchema>;

export const thresholdModeSchema = z.enum(['global', 'per-class', 'label-ratio']).meta({
  title: 'Mode',
  description:
    'global: one cut for every class; per-class: each class at its F1-best cut on validation; ' +
    'label-ratio: each class predicted at its training label rate.',
});
export type ThresholdMode = z.infer<typeof thresholdModeSchema>;

export const backendNameSchema = z
  .enum(['auto', 'tensorflow-gpu', 'tensorflow', 'wasm-onednn', 'wasm', 'cpu'])
  .meta({
    title: 'Backend',
    description:
      'TensorFlow.js backend; auto takes the fastest the trainer can load (a worker may force one).',
    'x-group': 'Training',
  });
export type BackendChoice = z.infer<typeof backendNameSchema>;

export const precisionSchema = z.enum(['float32', 'bfloat16']).meta({
  title: 'Precision',
  description:
    'bfloat16: convolutions read bfloat16 copies of activations, filters and gradients and ' +
    'accumulate in float32 (weights stay float32). wasm-onednn on a CPU with avx512_bf16 only.',
  'x-group': 'Training',
});
export type Precision = z.infer<typeof precisionSchema>;
/** What HPA_TRAINER_BACKEND and a config's `backend` may say. */
export const BACKEND_NAMES = backendNameSchema.options;

export const datasetRefSchema = z
  .object({
    /** Path of the uint8 preprocessing cache (data/ builds it). */
    cachePath: z
      .string()
      .min(1)
      .superRefine((value, ctx) => {
        if (!value.startsWith(SYNTHETIC_PREFIX)) return;
        const problem = syntheticSpecProblem(value.slice(SYNTHETIC_PREFIX.length));
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .meta({
        title: 'Data set',
        description:
          'A cache index (.json), a Kaggle folder with train.csv, or a synthetic spec ' +
          '(synthetic:count=400,size=128,seed=1,rarity=1), as the trainer sees it.',
      }),
    /** Fingerprint of the cache; runs are comparable only on the same one. */
    fingerprint: z.string().min(1).optional().meta({
      title: 'Pinned fingerprint',
      description:
        'The trainer refuses data with another fingerprint; runs are comparable only on the same one.',
    }),
    splitSeed: z.number().int().nonnegative().default(0).meta({
      title: 'Split seed',
      description: 'Seed of the stratified train/validation split.',
    }),
    validationFraction: z.number().gt(0).lt(1).default(0.2).meta({
      title: 'Validation fraction',
      description: 'Share of the samples held out for validation.',
    }),
    // Two scalars rather than an optional { folds, fold } object: a generated form fills every
    // default, and an optional object with required fields would block every launch.
    /** K of a K-fold cross-validation (0 = the validationFraction split). */
    folds: z
      .number()
      .int()
      .min(0)
      .max(20)
      .default(0)
      .meta({
        title: 'Cross-validation folds',
        description:
          'K of a multilabel-stratified K-fold seeded by the split seed (0 = none: the ' +
          'validation-fraction split). The K runs, fold 0 to K - 1, predict every sample once.',
      }),
    fold: z.number().int().min(0).max(19).default(0).meta({
      title: 'Cross-validation fold',
      description: 'With folds set, the fold validated on (0 to folds - 1); the others train.',
    }),
  })
  .meta({ title: 'Data set', description: 'What the run trains and validates on.' });
export type DatasetRef = z.infer<typeof datasetRefSchema>;

export const trainConfigSchema = z
  .object({
    model: modelConfigSchema,
    inputSize: positiveInt.min(16).max(2048).default(128).meta({
      title: 'Input size (px)',
      description:
        "Images are resized to this square size; must divide by the model's downsampling.",
      'x-group': 'Input',
    }),
    channels: z.number().int().min(1).max(4).default(4).meta({
      title: 'Channels',
      description: 'Image channels fed to the model: 1 = green (the protein) only, 4 = all.',
      'x-group': 'Input',
    }),
    loss: lossConfigSchema.default({ name: 'bce' }),
    sampler: samplerConfigSchema.default({ name: 'uniform' }),
    augmentation: augmentationConfigSchema.default({
      flip: true,
      rotate90: true,
      brightness: 0,
      contrast: 0,
    }),
    optimizer: optimizerConfigSchema.default({
      name: 'adam',
      learningRate: 1e-3,
      schedule: { name: 'cosine', minFraction: 0.01 },
      warmupEpochs: 1,
    }),
    epochs: positiveInt.max(1000).default(10).meta({
      title: 'Epochs',
      description: 'Passes over the training split (or over stepsPerEpoch batches).',
      'x-group': 'Training',
    }),
    batchSize: positiveInt.max(1024).default(16).meta({
      title: 'Batch size',
      description: 'Images per optimizer step.',
      'x-group': 'Training',
    }),
    /** Cap on optimizer steps per epoch (0 = a full pass over the training split). */
    stepsPerEpoch: z.number().int().nonnegative().default(0).meta({
      title: 'Steps per epoch',
      description: 'Cap on optimizer steps per epoch (0 = a full pass over the training split).',
      'x-group': 'Training',
    }),
    earlyStopping: z
      .object({
        patience: positiveInt.default(5).meta({
          title: 'Patience (epochs)',
          description: 'Stop after this many epochs without a better validation macro F1.',
        }),
        minDelta: z.number().min(0).default(0).meta({
          title: 'Smallest gain',
          description: 'A validation macro F1 must beat the best by more than this to count.',
        }),
      })
      .default({ patience: 5, minDelta: 0 })
      .meta({
        title: 'Early stopping',
        description: "Stops when validation macro F1 stalls; the best epoch's weights are kept.",
      }),
    thresholds: z
      .object({
        mode: thresholdModeSchema.default('per-class'),
        /** Used by 'global' mode, and as the fallback for classes absent from validation. */
        global: z.number().gt(0).lt(1).default(0.5).meta({
          title: 'Global cut',
          description:
            'The cut of global mode, and the fallback for classes absent from validation.',
        }),
      })
      .default({ mode: 'per-class', global: 0.5 })
      .meta({ title: 'Thresholds', description: 'How probabilities become predicted labels.' }),
    seed: z.number().int().nonnegative().default(42).meta({
      title: 'Seed',
      description: 'Seed of weight initialisation, sampling and augmentation.',
      'x-group': 'Training',
    }),
    backend: backendNameSchema.default('auto'),
    precision: precisionSchema.default('float32'),
    dataset: datasetRefSchema,
  })
  .meta({ title: 'Training config' })
  .superRefine((config, ctx) => {
    const { folds, fold } = config.dataset;
    if (folds === 1 || (folds > 0 && fold >= folds) || (folds === 0 && fold !== 0)) {
      ctx.addIssue({
        code: 'custom',
        path: folds === 1 ? ['dataset', 'folds'] : ['dataset', 'fold'],
        message:
          folds === 1
            ? 'folds must be 0 (no cross-validation) or at least 2'
            : `fold must be in 0..${Math.max(0, folds - 1)} with folds ${folds} (got ${fold})`,
      });
    }
    if (config.precision === 'bfloat16' && !['auto', 'wasm-onednn'].includes(config.backend)) {
      ctx.addIssue({
        code: 'custom',
        path: ['precision'],
        message: `bfloat16 runs on the wasm-onednn backend only (backend is '${config.backend}')`,
      });
    }
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
