// The launch form's rjsf validator: the API's own zod schema (`trainConfigSchema` of
// @hpa-lab/ml/config, which launchRun validates with) judges the whole form, so the browser
// says exactly what the API would, beside the same fields. Not @rjsf/validator-ajv8: AJV
// compiles validators with `new Function`, which the page's CSP forbids (src/lib/security-headers.ts).
// zod, told to stay jitless, never evaluates code.
//
// rjsf also asks `isValid(subschema, data)` to choose among a union's options. The form's
// discriminated unions are matched by their discriminator without asking (form-schema.ts); for
// anything else a sub-schema is turned into zod with z.fromJSONSchema (no eval either).
import {
  type ErrorSchema,
  type RJSFSchema,
  type RJSFValidationError,
  toErrorSchema,
  type ValidationData,
  type ValidatorType,
} from '@rjsf/utils';
import { trainConfigSchema } from '@hpa-lab/ml/config';
import { z } from 'zod';

// Zod's objects otherwise probe for `new Function` (a CSP violation report even when caught)
// and compile a fast path with it. src/instrumentation-client.ts says so before any page code
// runs; said again here for whatever loads this module outside the dashboard (tests, bench).
z.config({ jitless: true });

type Issue = z.core.$ZodIssue;

/** Zod issues as rjsf errors: `.optimizer.learningRate` is the field the message shows beside. */
export function issuesToErrors(issues: readonly Issue[]): RJSFValidationError[] {
  return issues.map((issue) => {
    const property = issue.path.length > 0 ? `.${issue.path.map(String).join('.')}` : '';
    return {
      name: issue.code,
      property,
      message: issue.message,
      stack: property ? `${property.slice(1)}: ${issue.message}` : issue.message,
    };
  });
}

/** The form's data judged by the training config's zod schema. */
export function validateConfig(formData: unknown): ValidationData<unknown> {
  const result = trainConfigSchema.safeParse(formData ?? {});
  if (result.success) return { errors: [], errorSchema: {} as ErrorSchema<unknown> };
  const errors = issuesToErrors(result.error.issues);
  return { errors, errorSchema: toErrorSchema<unknown>(errors) };
}

const converted = new WeakMap<object, z.ZodType | null>();

function zodOf(schema: RJSFSchema, rootSchema: RJSFSchema): z.ZodType | null {
  let found = converted.get(schema);
  if (found === undefined) {
    try {
      // A sub-schema's $refs point into the root's $defs.
      const source = rootSchema.$defs ? { ...schema, $defs: rootSchema.$defs } : schema;
      found = z.fromJSONSchema(source as Parameters<typeof z.fromJSONSchema>[0]);
    } catch {
      found = null;
    }
    converted.set(schema, found);
  }
  return found;
}

export const zodConfigValidator: ValidatorType<unknown, RJSFSchema> = {
  // rjsf validates the form against its root schema, which is the training config's: the zod
  // schema it came from decides. A customValidate or transformErrors is not supported (the
  // form passes neither).
  validateFormData(formData) {
    return validateConfig(formData);
  },
  isValid(schema, formData, rootSchema) {
    const zod = zodOf(schema, rootSchema);
    return zod ? zod.safeParse(formData).success : false;
  },
  rawValidation(_schema, formData) {
    const result = trainConfigSchema.safeParse(formData ?? {});
    return result.success ? {} : { errors: issuesToErrors(result.error.issues) as never[] };
  },
};
