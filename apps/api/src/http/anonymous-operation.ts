// The one GraphQL operation allowed without an API key: redeeming a one-time sign-in link
// (whoever has the link has no key yet). Recognised on the parsed document, strictly: a single
// mutation operation whose only field is redeemSignInToken, no fragments. Anything else
// without a key still gets 401.
import { Kind, parse } from 'graphql';

export const ANONYMOUS_FIELD = 'redeemSignInToken';

export function isAnonymousOperation(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const query = (body as { query?: unknown }).query;
  if (typeof query !== 'string' || query.length > 2000) return false;
  let document;
  try {
    document = parse(query);
  } catch {
    return false;
  }
  if (document.definitions.length !== 1) return false;
  const [operation] = document.definitions;
  if (operation?.kind !== Kind.OPERATION_DEFINITION || operation.operation !== 'mutation') {
    return false;
  }
  if (operation.directives?.length) return false;
  const selections = operation.selectionSet.selections;
  return (
    selections.length === 1 &&
    selections[0]?.kind === Kind.FIELD &&
    selections[0].name.value === ANONYMOUS_FIELD &&
    !selections[0].directives?.length
  );
}
