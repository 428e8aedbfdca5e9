// The training config as JSON Schema (draft 2020-12), for forms generated from it and for tools
// outside TypeScript. It describes the input: fields with a default are optional and carry it.
// The cross-field rule (inputSize divisible by the model's downsampling) is not expressible
// here; parseTrainConfig still enforces it.
import { z } from 'zod';
import { trainConfigSchema } from './train-config.ts';

export const trainConfigJsonSchema = z.toJSONSchema(trainConfigSchema, { io: 'input' });
