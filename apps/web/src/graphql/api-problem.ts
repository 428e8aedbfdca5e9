// What can go wrong when the dashboard asks the API something, as data a page can render.
// Pure (no server-only import) so pages, route handlers and unit tests share the wording.

/** Why the member has to sign in (again); the sign-in page words each one. */
export type SignInReason = 'signed-out' | 'unknown' | 'revoked' | 'expired' | 'malformed';

export type ApiProblemKind =
  | 'unauthenticated'
  | 'forbidden'
  | 'bad-input'
  | 'not-found'
  | 'unreachable'
  | 'timeout'
  /** The member sent too much at once or too fast (the API's RATE_LIMITED, HTTP 429). */
  | 'rate-limited'
  | 'api-error';

export interface ApiProblem {
  kind: ApiProblemKind;
  /** One line naming the problem, e.g. "The API is not answering". */
  title: string;
  /** What exactly happened (the API's own message where it gave one), shown as text. */
  detail: string;
  /** For `unauthenticated`: which message the sign-in page shows. */
  signInReason?: SignInReason;
  /** For `bad-input`: the argument the API refused, when it named one. */
  field?: string;
  /**
   * For `not-found`: the ids the API could not find, when it listed them (compareRuns'
   * extensions.ids), so a page can go on with the others.
   */
  ids?: string[];
  /**
   * For `bad-input`: each refused field as the API words it (`input.config.epochs: message`),
   * so a form can show each message beside its field.
   */
  fields?: string[];
  /**
   * A command that may fix it, kept apart from `detail` so a page can show it as code (detail is
   * plain text: markdown-style backticks in it would show literally).
   */
  fix?: { command: string; effect: string };
}

/** A problem as one line of plain text (form errors, logs, CSV export), the fix in quotes. */
export function problemText(problem: ApiProblem): string {
  const fix = problem.fix ? ` Run "${problem.fix.command}" ${problem.fix.effect}.` : '';
  return `${problem.title}. ${problem.detail}${fix}`;
}

/** A thrown ApiProblem (for code paths that cannot return one, e.g. inside a stream). */
export class ApiProblemError extends Error {
  readonly problem: ApiProblem;
  constructor(problem: ApiProblem) {
    super(`${problem.title}: ${problem.detail}`);
    this.name = 'ApiProblemError';
    this.problem = problem;
  }
}

/** Maps the API's UNAUTHENTICATED messages (apps/api/src/auth/api-keys.ts) to a reason. */
export function signInReasonFromMessage(message: string): SignInReason {
  if (/revoked/i.test(message)) return 'revoked';
  if (/expired/i.test(message)) return 'expired';
  if (/unknown api key/i.test(message)) return 'unknown';
  if (/authorization header|bearer/i.test(message)) return 'malformed';
  return 'unknown';
}

export const SIGN_IN_REASON_TEXT: Record<SignInReason, string> = {
  'signed-out': 'Sign in with your API key to use the dashboard.',
  unknown: 'The API does not know this key (it may have been deleted). Sign in with another key.',
  revoked: 'Your API key has been revoked. Ask an admin for a new key and sign in with it.',
  expired: 'Your API key has expired. Ask an admin for a new key and sign in with it.',
  malformed: 'The stored key is not a valid API key. Sign in again.',
};

export function parseSignInReason(value: string | string[] | undefined): SignInReason {
  const text = Array.isArray(value) ? value[0] : value;
  return text !== undefined && Object.hasOwn(SIGN_IN_REASON_TEXT, text)
    ? (text as SignInReason)
    : 'signed-out';
}

interface GraphQLErrorShape {
  message?: unknown;
  extensions?: {
    code?: unknown;
    field?: unknown;
    fields?: unknown;
    ids?: unknown;
    [key: string]: unknown;
  };
}

/** The first GraphQL error of a response as a problem, or undefined when there is none. */
export function problemFromGraphQLErrors(
  errors: readonly GraphQLErrorShape[] | undefined,
  httpStatus: number,
): ApiProblem | undefined {
  const first = errors?.[0];
  if (!first) return undefined;
  const message = typeof first.message === 'string' ? first.message : 'no message';
  const code = typeof first.extensions?.code === 'string' ? first.extensions.code : undefined;
  const field = typeof first.extensions?.field === 'string' ? first.extensions.field : undefined;
  const rawFields = first.extensions?.fields;
  const fields = Array.isArray(rawFields)
    ? rawFields.filter((item): item is string => typeof item === 'string')
    : [];
  const refused = {
    ...(field ? { field } : {}),
    ...(fields.length > 0 ? { fields } : {}),
  };
  if (code === 'UNAUTHENTICATED' || httpStatus === 401) {
    return {
      kind: 'unauthenticated',
      title: 'Not signed in',
      detail: message,
      signInReason: signInReasonFromMessage(message),
    };
  }
  if (code === 'FORBIDDEN' || httpStatus === 403) {
    return { kind: 'forbidden', title: 'Not allowed', detail: message };
  }
  if (code === 'NOT_FOUND') {
    const ids = first.extensions?.ids;
    const named =
      Array.isArray(ids) && ids.every((id) => typeof id === 'string')
        ? { ids: ids as string[] }
        : {};
    return { kind: 'not-found', title: 'Not found', detail: message, ...named };
  }
  if (code === 'RATE_LIMITED' || httpStatus === 429) {
    // The API's message starts with "Slow down: " and ends with when to retry.
    return {
      kind: 'rate-limited',
      title: 'Slow down',
      detail: message.replace(/^Slow down: /, ''),
    };
  }
  if (code === 'BAD_USER_INPUT' || code === 'GRAPHQL_VALIDATION_FAILED') {
    return { kind: 'bad-input', title: 'The API refused the request', detail: message, ...refused };
  }
  // launchRun's refusal of a training config: its `fields` name each bad config field.
  if (code === 'CONFIG_INVALID') {
    return { kind: 'bad-input', title: 'The API refused the config', detail: message, ...refused };
  }
  // The ensemble what-if's refusals (HTTP 422): the request was understood, the runs cannot be
  // combined; the API's message names the runs.
  if (code === 'RUNS_NOT_COMPARABLE') {
    return { kind: 'bad-input', title: 'These runs cannot be combined', detail: message };
  }
  if (code === 'PROBABILITIES_MISSING') {
    return {
      kind: 'bad-input',
      title: 'Runs without stored validation probabilities',
      detail: message,
    };
  }
  return {
    kind: 'api-error',
    title: 'The API answered with an error',
    detail: code ? `${message} (${code})` : message,
  };
}

/** A network-level failure (refused, reset, DNS, timeout) as a problem naming the API's URL. */
export function problemFromNetworkError(error: unknown, apiUrl: string): ApiProblem {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return {
      kind: 'timeout',
      title: 'The API did not answer in time',
      detail: `No answer from ${apiUrl} within the time limit. It may be overloaded or stuck.`,
    };
  }
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const why =
    code === 'ECONNREFUSED'
      ? 'connection refused: nothing listens there'
      : code === 'ECONNRESET' || code === 'UND_ERR_SOCKET'
        ? 'the connection was dropped'
        : code === 'ENOTFOUND'
          ? 'the host name does not resolve'
          : code
            ? code
            : error instanceof Error
              ? error.message
              : String(error);
  return {
    kind: 'unreachable',
    title: 'The API is not answering',
    detail: `Could not reach the API at ${apiUrl} (${why}). Is it running?`,
    fix: { command: 'npm start', effect: 'to start it' },
  };
}

/** A reply that is not GraphQL JSON (a proxy's HTML page, an empty 502...). */
export function problemFromHttpStatus(status: number, apiUrl: string): ApiProblem {
  return {
    kind: 'api-error',
    title: 'The API answered with an error',
    detail: `${apiUrl}/graphql answered HTTP ${status} without a GraphQL result.`,
  };
}
