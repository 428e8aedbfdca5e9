// The one check every parameter of the REST routes goes through (path segments and query
// parameters): decoded once, refused with 400 BAD_USER_INPUT naming the parameter when its
// percent-encoding is malformed, when it holds a NUL byte (PostgreSQL cannot store or compare
// U+0000: SQLSTATE 22021, which used to surface as a 500) or any other control character, or
// when an id is not a UUID. The services then only see well-formed text.
import { ApiError } from '../lib/errors.ts';

/** C0 controls and DEL, by code point (a regex literal of them trips no-control-regex). */
const isControlCharacter = (value: string) =>
  [...value].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `id`: a UUID (run and artifact ids); `text`: any printable text (names, slugs, aliases). */
export type ParameterShape = 'id' | 'text';

function refuse(name: string, problem: string): ApiError {
  return new ApiError('BAD_USER_INPUT', `URL parameter ${name}: ${problem}`, { field: name });
}

/** Checks an already decoded value (a query parameter, a decoded segment). */
export function checkParameter(name: string, value: string, shape: ParameterShape): string {
  if (value.includes('\u0000')) throw refuse(name, 'must not contain a NUL byte (U+0000)');
  if (isControlCharacter(value)) {
    throw refuse(name, 'must not contain control characters (tab, newline...)');
  }
  if (shape === 'id' && !UUID.test(value)) {
    throw refuse(name, `must be an id (a UUID), got ${JSON.stringify(value.slice(0, 80))}`);
  }
  return value;
}

/** Decodes one path segment and checks it. */
export function pathParameter(name: string, segment: string, shape: ParameterShape = 'text') {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    throw refuse(name, `malformed percent-encoding: ${segment.slice(0, 80)}`);
  }
  return checkParameter(name, decoded, shape);
}

/** A query parameter (URLSearchParams has decoded it), checked; null when absent. */
export function queryParameter(url: URL, name: string): string | null {
  const value = url.searchParams.get(name);
  return value === null ? null : checkParameter(name, value, 'text');
}
