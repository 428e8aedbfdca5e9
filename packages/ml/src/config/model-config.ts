// The model part of the training config: which network, its size, and the stride its input
// size must divide by. train-config.ts composes it into the whole config.
import { z } from 'zod';

export const positiveInt = z.number().int().positive();

const dropoutSchema = (fallback: number) =>
  z.number().min(0).max(0.9).default(fallback).meta({
    title: 'Dropout',
    description: 'Fraction of the pooled features dropped before the classifier while training.',
  });

const smallCnnSchema = z
  .object({
    name: z.literal('small-cnn'),
    /** Filters of the first conv block; each later block doubles it. */
    filters: positiveInt.max(256).default(16).meta({
      title: 'Filters',
      description: 'Filters of the first conv block; each later block doubles it.',
    }),
    /** Conv blocks, each ending in a stride-2 max-pool. */
    blocks: positiveInt.max(6).default(4).meta({
      title: 'Blocks',
      description:
        'Conv blocks, each ending in a stride-2 max-pool (the input must divide by 2^blocks).',
    }),
    dropout: dropoutSchema(0.2),
  })
  .meta({ title: 'Small CNN', description: 'A plain stack of conv blocks: fast, a baseline.' });

const resnetSchema = z
  .object({
    name: z.literal('resnet'),
    /** Residual blocks per stage, e.g. [1,1,1,1] is ResNet-10, [2,2,2,2] ResNet-18. */
    blocksPerStage: z
      .array(positiveInt.max(8).meta({ title: 'Blocks' }))
      .min(1)
      .max(5)
      .default([1, 1, 1, 1])
      .meta({
        title: 'Blocks per stage',
        description: 'Residual blocks per stage: [1,1,1,1] is ResNet-10, [2,2,2,2] ResNet-18.',
      }),
    /** Filters of the first stage; each later stage doubles it. */
    width: positiveInt.max(256).default(32).meta({
      title: 'Width',
      description: 'Filters of the first stage; each later stage doubles it.',
    }),
    dropout: dropoutSchema(0),
  })
  .meta({ title: 'ResNet', description: 'Residual network with batch norm (ResNet-10/18 style).' });

const mobilenetV2Schema = z
  .object({
    name: z.literal('mobilenet-v2'),
    /** Scales every layer's channel count, as in the MobileNetV2 paper. */
    widthMultiplier: z.number().positive().max(2).default(0.5).meta({
      title: 'Width multiplier',
      description: "Scales every layer's channel count, as in the MobileNetV2 paper.",
    }),
    expansion: positiveInt.max(8).default(6).meta({
      title: 'Expansion',
      description: 'Channel expansion inside each inverted residual block.',
    }),
    dropout: dropoutSchema(0.2),
  })
  .meta({
    title: 'MobileNetV2',
    description: 'Depthwise-separable blocks: light, downsamples by 32.',
  });

export const modelConfigSchema = z
  .discriminatedUnion('name', [smallCnnSchema, resnetSchema, mobilenetV2Schema])
  .meta({
    title: 'Model',
    description: 'The architecture and its parameters; 28 sigmoid outputs.',
  });
export type ModelConfig = z.infer<typeof modelConfigSchema>;
export type ModelName = ModelConfig['name'];

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
