// User-correctable failures. ApiError is a GraphQLError so Apollo passes its code through, and
// the HTTP artifact routes map the same codes to status codes; anything else is masked.
import { GraphQLError } from 'graphql';
import type { z } from 'zod';

export type ApiErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INVALID_STATE'
  | 'PAYLOAD_TOO_LARGE'
  | 'CHECKSUM_MISMATCH'
  | 'CONFIG_INVALID'
  /** A dependency (the launch queue's Redis) is down: nothing was done, try again later. */
  | 'SERVICE_UNAVAILABLE'
  /** The member sent too much at once or too fast ("slow down"); retry after Retry-After. */
  | 'RATE_LIMITED'
  /** Runs that cannot be scored together: other data, split seed or validation samples. */
  | 'RUNS_NOT_COMPARABLE'
  /** Runs without usable stored validation probabilities (the trainer's ensemble artifact). */
  | 'PROBABILITIES_MISSING';

const httpStatusByCode: Record<ApiErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_STATE: 409,
  PAYLOAD_TOO_LARGE: 413,
  CHECKSUM_MISMATCH: 400,
  CONFIG_INVALID: 400,
  SERVICE_UNAVAILABLE: 503,
  RATE_LIMITED: 429,
  RUNS_NOT_COMPARABLE: 422,
  PROBABILITIES_MISSING: 422,
};

/** The HTTP status of an API error code; undefined for codes that are not ours. */
export function httpStatusOfCode(code: string): number | undefined {
  return Object.hasOwn(httpStatusByCode, code) ? httpStatusByCode[code as ApiErrorCode] : undefined;
}

export class ApiError extends GraphQLError {
  readonly code: ApiErrorCode;

  constructor(code: ApiErrorCode, message: string, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extra } });
    this.code = code;
  }

  get httpStatus(): number {
    return httpStatusByCode[this.code];
  }
}

export const notFound = (what: string, id: string) =>
  new ApiError('NOT_FOUND', `${what} ${id} does not exist`, { id });

/** Formats zod issues as `path: message` so the caller sees which field was wrong. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], prefix = ''): string[] {
  return issues.map((issue) => {
    const fieldPath = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    return `${fieldPath || '(input)'}: ${issue.message}`;
  });
}

/** Validates with zod; failures become one BAD_USER_INPUT error listing every bad field. */
export function parseInput<T extends z.ZodType>(
  schema: T,
  value: unknown,
  prefix = '',
  code: ApiErrorCode = 'BAD_USER_INPUT',
): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = describeIssues(result.error.issues, prefix);
  throw new ApiError(code, `Invalid input: ${problems.slice(0, 10).join('; ')}`, {
    fields: problems.slice(0, 50),
  });
}
