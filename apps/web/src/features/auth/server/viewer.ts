// Who is signed in: `me`, asked once per request (React cache) by whichever component needs it.
import 'server-only';
import { cache } from 'react';
import { executeWithKey } from '../../../graphql/execute';
import { graphql } from '../../../graphql/generated';
import { readSessionKey } from './session';

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

/** The signed-in member, or null without a (valid) session. Never redirects. */
export const currentViewer = cache(async () => {
  const key = await readSessionKey();
  if (!key) return null;
  const result = await executeWithKey(ViewerDocument, {}, key);
  return result.ok ? result.data.me : null;
});
