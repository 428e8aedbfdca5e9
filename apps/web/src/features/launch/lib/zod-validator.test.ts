import { describe, expect, it } from 'vitest';
import type { RJSFSchema } from '@rjsf/utils';
import { launchFormSchema } from './form-schema';
import { issuesToErrors, validateConfig, zodConfigValidator } from './zod-validator';

const valid = {
  model: { name: 'small-cnn', filters: 4, blocks: 2, dropout: 0 },
  inputSize: 32,
  epochs: 1,
  optimizer: { learningRate: 0.003 },
  dataset: { cachePath: 'synthetic:count=40,size=32,seed=5,rarity=0' },
};

describe('the zod validator of the launch form', () => {
  it('accepts a valid config', () => {
    expect(validateConfig(valid)).toEqual({ errors: [], errorSchema: {} });
  });

  it('puts the API schema’s message beside the learning rate', () => {
    const result = validateConfig({ ...valid, optimizer: { learningRate: 5 } });
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.property).toBe('.optimizer.learningRate');
    const schema = result.errorSchema as { optimizer?: { learningRate?: { __errors?: string[] } } };
    expect(schema.optimizer?.learningRate?.__errors?.[0]).toMatch(/<=1/);
  });

  it('reports a bad synthetic spec on the data set, then the cross-field rule on inputSize', () => {
    const spec = validateConfig({ ...valid, dataset: { cachePath: 'synthetic:count=1' } });
    expect(spec.errors.map((error) => error.property)).toEqual(['.dataset.cachePath']);
    // zod checks the rule across fields once every field is valid, as the API does.
    const size = validateConfig({ ...valid, inputSize: 34 });
    expect(size.errors.map((error) => error.property)).toEqual(['.inputSize']);
    expect(size.errors[0]!.message).toMatch(/multiple of 4/);
  });

  it('words a root issue without a path', () => {
    expect(issuesToErrors([{ code: 'custom', path: [], message: 'bad', input: 1 }])).toEqual([
      { name: 'custom', property: '', message: 'bad', stack: 'bad' },
    ]);
  });

  it('answers isValid for sub-schemas through z.fromJSONSchema', () => {
    const model = (launchFormSchema.properties as Record<string, RJSFSchema>).model!;
    const [smallCnn] = model.oneOf as RJSFSchema[];
    expect(zodConfigValidator.isValid(smallCnn!, { name: 'small-cnn' }, launchFormSchema)).toBe(
      true,
    );
    expect(zodConfigValidator.isValid(smallCnn!, { name: 'resnet' }, launchFormSchema)).toBe(false);
  });
});
