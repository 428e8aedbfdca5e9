// GraphQL over HTTP (the `application/graphql-response+json` media type of the draft spec): a
// response that carries no data, only errors, may say what went wrong with its HTTP status.
// Apollo already does so for requests that fail before execution (parse, validation, limits);
// for errors a resolver raised with `data: null` it answers 200. For a client that asked for
// that media type (Apollo then answers with it), a data-less response whose first error has a
// known code gets that code's status: FORBIDDEN 403, INVALID_STATE 409, SERVICE_UNAVAILABLE
// 503... Clients of plain `application/json` keep the 200 they were promised; a partial
// result (some data) keeps 200 for everyone.
import { httpStatusOfCode } from '../lib/errors.ts';

export const GRAPHQL_RESPONSE_MEDIA_TYPE = 'application/graphql-response+json';

interface ResponseBody {
  data?: unknown;
  errors?: { extensions?: { code?: unknown } }[];
}

/** The status to answer with; `status` unchanged unless the rule above applies. */
export function graphqlResponseStatus(
  contentType: string | undefined,
  status: number,
  body: string,
): number {
  if (status !== 200 || !contentType?.startsWith(GRAPHQL_RESPONSE_MEDIA_TYPE)) return status;
  // Apollo writes `errors` first when there are any: a result without them (every successful
  // page, some of them large) is not parsed again.
  if (!body.startsWith('{"errors":')) return status;
  let parsed: ResponseBody;
  try {
    parsed = JSON.parse(body) as ResponseBody;
  } catch {
    return status;
  }
  if (parsed.data !== undefined && parsed.data !== null) return status;
  const code = parsed.errors?.[0]?.extensions?.code;
  if (typeof code !== 'string') return status;
  if (code === 'INTERNAL_SERVER_ERROR') return 500;
  return httpStatusOfCode(code) ?? status;
}
