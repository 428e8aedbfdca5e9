// The SDL cannot import constants, so this test holds it to the names the pipeline shares
// (`@hpa-lab/ml/config`): the run statuses, and the split every `split` argument defaults to.
import { METRIC_KEYS, RUN_STATUSES, VALIDATION_SPLIT } from '@hpa-lab/ml/config';
import { buildSchema, isEnumType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { typeDefs } from '../src/graphql/build-apollo.ts';
import { ENUM_VALUES } from '../src/graphql/enum-values.ts';
import { METRIC_KEY_PATTERN } from '../src/services/metrics.ts';

const schema = buildSchema(typeDefs);

describe('the schema and the pipeline names', () => {
  it('lists exactly the run statuses, in the order of a run’s life', () => {
    const status = schema.getType('RunStatus');
    expect(isEnumType(status)).toBe(true);
    if (!isEnumType(status)) return;
    expect(status.getValues().map((value) => value.name)).toEqual([...RUN_STATUSES]);
    expect(Object.keys(ENUM_VALUES.RunStatus)).toEqual([...RUN_STATUSES]);
  });

  it('defaults every split argument to the validation split', () => {
    const defaults: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        for (const argument of field.args) {
          if (argument.name === 'split' && argument.defaultValue !== undefined) {
            defaults.push(`${type.name}.${field.name}=${String(argument.defaultValue)}`);
          }
        }
      }
    }
    expect(defaults.length).toBeGreaterThan(0);
    for (const entry of defaults) expect(entry).toMatch(new RegExp(`=${VALIDATION_SPLIT}$`));
  });

  it('accepts every metric key the trainer logs', () => {
    for (const key of Object.values(METRIC_KEYS)) expect(key).toMatch(METRIC_KEY_PATTERN);
  });
});
