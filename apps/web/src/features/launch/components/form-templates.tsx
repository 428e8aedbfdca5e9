'use client';
// How rjsf draws the launch form: fieldsets with legends and the schema's descriptions, a
// field's messages right under it, the top-level scalars gathered by their `x-group`
// (lib/form-schema.ts). Only layout lives here; what fields exist comes from the schema.
import type {
  DescriptionFieldProps,
  ErrorListProps,
  FieldErrorProps,
  FieldTemplateProps,
  MultiSchemaFieldTemplateProps,
  ObjectFieldTemplateProps,
  RJSFSchema,
  TemplatesType,
} from '@rjsf/utils';
import { errorId, getUiOptions } from '@rjsf/utils';
import type { ReactNode } from 'react';
import { fieldGroups, UNION_OPTION } from '@/features/launch/lib/form-schema';

type SchemaNode = RJSFSchema & Record<string, unknown>;

function propertySchema(schema: RJSFSchema, name: string): SchemaNode {
  const property = schema.properties?.[name];
  return (typeof property === 'object' ? property : {}) as SchemaNode;
}

function isObjectLike(schema: RJSFSchema): boolean {
  return schema.type === 'object' || Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf);
}

/** An option of a discriminated union, drawn inside its union's fieldset (form-schema.ts). */
function isUnionOption(schema: RJSFSchema): boolean {
  return (schema as SchemaNode)[UNION_OPTION] === true;
}

/** An object's description: rjsf hands it over as text (or an element) to place. */
function ObjectDescription({ children }: { children: ReactNode }) {
  return children ? <div className="text-xs text-muted">{children}</div> : null;
}

function Legend({ children }: { children: ReactNode }) {
  return <legend className="px-1 text-sm font-semibold">{children}</legend>;
}

const FIELDSET = 'flex min-w-0 flex-col gap-3 rounded-lg border border-border px-3 pt-1 pb-3';
const GRID = 'grid grid-cols-[repeat(auto-fill,minmax(13rem,1fr))] items-start gap-3';

function FieldTemplate(props: FieldTemplateProps) {
  const { id, label, children, errors, help, description, hidden, required, displayLabel, schema } =
    props;
  if (hidden) return <div className="hidden">{children}</div>;
  if (Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf)) {
    // A union (model, loss, sampler, schedule): a fieldset whose first control chooses the
    // option; the chosen option's fields follow.
    return (
      <fieldset className={FIELDSET} data-field={id}>
        <Legend>{label}</Legend>
        {description}
        {/* rjsf gives the option chooser its own id (MultiSchemaField). */}
        <label
          htmlFor={`${id}${schema.oneOf ? '__oneof_select' : '__anyof_select'}`}
          className="sr-only"
        >
          {label}
        </label>
        {children}
        {errors}
      </fieldset>
    );
  }
  if (schema.type === 'object') return <>{children}</>;
  return (
    <div className="flex min-w-0 flex-col gap-1" data-field={id}>
      {displayLabel ? (
        <label htmlFor={id} className="text-xs font-medium">
          {label}
          {required ? <span aria-hidden="true"> *</span> : null}
        </label>
      ) : null}
      {children}
      {displayLabel ? description : null}
      {errors}
      {help}
    </div>
  );
}

function ObjectFieldTemplate(props: ObjectFieldTemplateProps) {
  const { properties, schema, title, description, fieldPathId, uiSchema } = props;
  // A field whose uiSchema says `wide` (the data set list) takes the fieldset's whole width.
  const wide = (name: string) =>
    isObjectLike(propertySchema(schema, name)) || getUiOptions(uiSchema?.[name]).wide === true;
  const content = new Map(properties.map((property) => [property.name, property]));
  if (fieldPathId.path.length === 0) {
    // The root: one fieldset per object field, scalars gathered under their group's name.
    return (
      <div className="grid grid-cols-1 items-start gap-4 xl:grid-cols-2">
        {fieldGroups(schema).map((group) => {
          const parts = group.keys.map((key) => content.get(key)).filter((part) => !!part);
          if (group.own) {
            return parts.map((part) => (
              <div key={part.name} className="min-w-0">
                {part.content}
              </div>
            ));
          }
          return (
            <fieldset key={group.title} className={FIELDSET}>
              <Legend>{group.title}</Legend>
              <div className={GRID}>{parts.map((part) => part.content)}</div>
            </fieldset>
          );
        })}
      </div>
    );
  }
  // A fixed value (`const`) offers no choice: a union option's discriminator is chosen by the
  // union's own control above it, and a single-valued field (the optimizer's name) has one.
  const fields = properties.filter(
    (property) => propertySchema(schema, property.name).const === undefined,
  );
  const body = (
    <div className={GRID}>
      {fields.map((property) => (
        <div key={property.name} className={wide(property.name) ? 'col-span-full' : ''}>
          {property.content}
        </div>
      ))}
    </div>
  );
  if (isUnionOption(schema)) {
    return (
      <div className="flex flex-col gap-2">
        <ObjectDescription>{description}</ObjectDescription>
        {fields.length > 0 ? body : null}
      </div>
    );
  }
  return (
    <fieldset className={FIELDSET} id={fieldPathId.$id}>
      <Legend>{title}</Legend>
      <ObjectDescription>{description}</ObjectDescription>
      {body}
    </fieldset>
  );
}

function MultiSchemaFieldTemplate({ selector, optionSchemaField }: MultiSchemaFieldTemplateProps) {
  return (
    <>
      {selector}
      {optionSchemaField}
    </>
  );
}

function DescriptionFieldTemplate({ id, description }: DescriptionFieldProps) {
  if (!description) return null;
  return (
    <p id={id} className="text-xs text-muted">
      {description}
    </p>
  );
}

function FieldErrorTemplate({ errors = [], fieldPathId }: FieldErrorProps) {
  const shown = errors.filter((error) => !!error);
  if (shown.length === 0) return null;
  return (
    <ul id={errorId(fieldPathId)} className="text-xs text-danger" data-testid="field-error">
      {shown.map((error, index) => (
        // Messages of one field have no identity but their position.
        <li key={index}>{error}</li>
      ))}
    </ul>
  );
}

function ErrorListTemplate({ errors }: ErrorListProps) {
  return (
    <div
      role="alert"
      className="rounded-lg border border-danger bg-danger-bg px-3 py-2 text-danger"
    >
      <p className="font-semibold">
        {errors.length === 1 ? 'One field needs' : `${errors.length} fields need`} a change before
        launching (each message is beside its field):
      </p>
      <ul className="mt-1 list-disc pl-5 text-xs">
        {errors.map((error, index) => (
          <li key={index}>{error.stack}</li>
        ))}
      </ul>
    </div>
  );
}

export const launchFormTemplates: Partial<TemplatesType> = {
  FieldTemplate,
  ObjectFieldTemplate,
  MultiSchemaFieldTemplate,
  DescriptionFieldTemplate,
  FieldErrorTemplate,
  ErrorListTemplate,
};
