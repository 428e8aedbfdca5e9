// The launch form's schema: packages/ml's JSON Schema of the training config, read as it is, so
// a field added to the config appears in the form with its title, description and default and
// no edit here. Two things are derived from it, both generic over the schema's shape:
// - each `oneOf` whose options all fix one property with `const` (zod's discriminated unions:
//   model, loss, sampler, schedule) gets the OpenAPI `discriminator` keyword naming it, so rjsf
//   picks the option by that value instead of validating the data against every option, and
//   each option is marked `x-union-option` so the form draws it inside its union's fieldset;
// - the top-level fields are gathered into fieldsets: an object field is its own fieldset, the
//   scalars go to the fieldset their `x-group` names (packages/ml sets it), in schema order.
import type { RJSFSchema } from '@rjsf/utils';
import { trainConfigJsonSchema } from '@hpa-lab/ml/config';

type SchemaNode = Record<string, unknown>;

/** Marks an option of a discriminated union (drawn without a fieldset of its own). */
export const UNION_OPTION = 'x-union-option';

function isNode(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The property every option of a `oneOf` fixes with `const`, if there is one. */
export function discriminatorOf(options: readonly unknown[]): string | undefined {
  const first = options[0];
  if (!isNode(first) || !isNode(first.properties)) return undefined;
  return Object.keys(first.properties).find((key) =>
    options.every((option) => {
      if (!isNode(option) || !isNode(option.properties)) return false;
      const property = option.properties[key];
      return isNode(property) && property.const !== undefined;
    }),
  );
}

/** A copy of a schema with `discriminator` added to each discriminated `oneOf`. */
export function withDiscriminators<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map((item) => withDiscriminators(item)) as T;
  if (!isNode(schema)) return schema;
  const copy: SchemaNode = {};
  for (const [key, value] of Object.entries(schema)) copy[key] = withDiscriminators(value);
  if (Array.isArray(copy.oneOf) && copy.discriminator === undefined) {
    const propertyName = discriminatorOf(copy.oneOf);
    if (propertyName) {
      copy.discriminator = { propertyName };
      copy.oneOf = copy.oneOf.map((option: unknown) =>
        isNode(option) ? { ...option, [UNION_OPTION]: true } : option,
      );
    }
  }
  return copy as T;
}

export const launchFormSchema: RJSFSchema = withDiscriminators(
  trainConfigJsonSchema as unknown as RJSFSchema,
);

export interface FieldGroup {
  /** The fieldset's legend: the group's name or the object field's title. */
  title: string;
  /** An object field draws its own fieldset; a group of scalars needs one drawn around it. */
  own: boolean;
  /** Top-level property names in schema order. */
  keys: string[];
}

/**
 * The root's fieldsets: each object-like field (an object or a union of objects) alone, the
 * scalars under their `x-group` (or "Other"), each fieldset where its first field is.
 */
export function fieldGroups(schema: RJSFSchema): FieldGroup[] {
  const groups: FieldGroup[] = [];
  const byName = new Map<string, FieldGroup>();
  for (const [key, value] of Object.entries(schema.properties ?? {})) {
    const property = isNode(value) ? value : {};
    const objectLike = property.type === 'object' || Array.isArray(property.oneOf);
    if (objectLike) {
      groups.push({
        title: typeof property.title === 'string' ? property.title : key,
        own: true,
        keys: [key],
      });
      continue;
    }
    const name = typeof property['x-group'] === 'string' ? property['x-group'] : 'Other';
    let group = byName.get(name);
    if (!group) {
      group = { title: name, own: false, keys: [] };
      byName.set(name, group);
      groups.push(group);
    }
    group.keys.push(key);
  }
  return groups;
}
