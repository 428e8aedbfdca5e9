import { describe, expect, it } from 'vitest';
import type { RJSFSchema } from '@rjsf/utils';
import {
  discriminatorOf,
  fieldGroups,
  launchFormSchema,
  UNION_OPTION,
  withDiscriminators,
} from './form-schema';

describe('the launch form schema', () => {
  it('marks every discriminated union of the config with its discriminator', () => {
    const properties = launchFormSchema.properties as Record<string, RJSFSchema>;
    for (const key of ['model', 'loss', 'sampler']) {
      expect(properties[key]!.discriminator, key).toEqual({ propertyName: 'name' });
    }
    const optimizer = properties.optimizer!.properties as Record<string, RJSFSchema>;
    expect(optimizer.schedule!.discriminator).toEqual({ propertyName: 'name' });
    const options = properties.loss!.oneOf as RJSFSchema[];
    expect(options.every((option) => option[UNION_OPTION] === true)).toBe(true);
    // An object with a fixed field of its own (the optimizer's name) is no union option.
    expect(properties.optimizer![UNION_OPTION]).toBeUndefined();
  });

  it('leaves a oneOf without a shared const property alone', () => {
    const options = [{ type: 'string' }, { type: 'number' }];
    expect(discriminatorOf(options)).toBeUndefined();
    expect(withDiscriminators({ oneOf: options })).toEqual({ oneOf: options });
  });

  it('groups top-level scalars by x-group; objects and unions are fieldsets of their own', () => {
    const groups = fieldGroups(launchFormSchema);
    const input = groups.find((group) => group.title === 'Input');
    expect(input).toEqual({ title: 'Input', own: false, keys: ['inputSize', 'channels'] });
    const training = groups.find((group) => group.title === 'Training');
    expect(training?.keys).toEqual(
      expect.arrayContaining(['epochs', 'batchSize', 'stepsPerEpoch', 'seed', 'backend']),
    );
    expect(groups.find((group) => group.keys[0] === 'model')).toMatchObject({ own: true });
    // Every top-level field is drawn exactly once.
    const drawn = groups.flatMap((group) => group.keys).sort();
    expect(drawn).toEqual(Object.keys(launchFormSchema.properties ?? {}).sort());
  });

  it('puts an unknown scalar without a group under Other', () => {
    const schema: RJSFSchema = { type: 'object', properties: { extra: { type: 'number' } } };
    expect(fieldGroups(schema)).toEqual([{ title: 'Other', own: false, keys: ['extra'] }]);
  });
});
