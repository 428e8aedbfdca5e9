// Who is signed in: `me`, asked once per request (React cache) by whichever component needs it.
import 'server-only';
import { cache } from 'react';
import { executeWithKey } from '@/graphql/execute';
import type { ApiProblem } from '@/graphql/api-problem';
import { graphql } from '@/graphql/generated';
import type { ViewerQuery } from '@/graphql/generated/graphql';
import { readSessionKey } from '@/lib/session';

export const ViewerDocument = graphql(`
  query Viewer {
    me {
      id
      name
      email
      role
    }
  }
`);

export type Viewer = ViewerQuery['me'];

/**
 * Who the session is. The session is the cookie: without one nobody is signed in; a key the API
 * refuses is no session either (pages send the member to sign-in with the reason). But when the
 * API cannot answer (down, timing out, failing) the member is still signed in, only unnamed.
 */
export type SessionState =
  | { kind: 'signed-out' }
  | { kind: 'signed-in'; viewer: Viewer }
  | { kind: 'unverified'; problem: ApiProblem };

/** The session's state, asked once per request. Never redirects. */
export const currentSession = cache(async (): Promise<SessionState> => {
  const key = await readSessionKey();
  if (!key) return { kind: 'signed-out' };
  const result = await executeWithKey(ViewerDocument, {}, key);
  if (result.ok) return { kind: 'signed-in', viewer: result.data.me };
  return result.problem.kind === 'unauthenticated'
    ? { kind: 'signed-out' }
    : { kind: 'unverified', problem: result.problem };
});
