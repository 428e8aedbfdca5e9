'use server';
// Sign-in and sign-out as server actions: Next checks that the request's Origin matches the
// host, so another site cannot post to them, and the key goes from the form straight to the
// httpOnly cookie without ever being readable by page scripts.
import { redirect } from 'next/navigation';
import { problemText } from '@/graphql/api-problem';
import { executeWithKey } from '@/graphql/execute';
import { graphql } from '@/graphql/generated';
import { checkApiKeyFormat, safeReturnPath } from '@/features/auth/lib/api-key-format';
import { clearSession, writeSessionKey } from '@/lib/session';
import { ViewerDocument } from './viewer';

export interface SignInState {
  error?: string;
}

export async function signIn(_previous: SignInState, form: FormData): Promise<SignInState> {
  const check = checkApiKeyFormat(form.get('apiKey'));
  if (!check.ok) return { error: check.message };
  const result = await executeWithKey(ViewerDocument, {}, check.key);
  if (!result.ok) {
    const { problem } = result;
    if (problem.kind === 'unauthenticated') {
      return { error: `The API refused this key: ${problem.detail}.` };
    }
    return { error: problemText(problem) };
  }
  await writeSessionKey(check.key);
  redirect(safeReturnPath(form.get('next')));
}

const RedeemSignInTokenDocument = graphql(`
  mutation RedeemSignInToken($token: String!) {
    redeemSignInToken(token: $token) {
      secret
    }
  }
`);

/** A one-time sign-in link (`/sign-in?token=hst_...`): exchanged for a key, kept in the cookie. */
export async function signInWithLink(_previous: SignInState, form: FormData): Promise<SignInState> {
  const token = form.get('token');
  if (typeof token !== 'string' || !/^hst_[A-Za-z0-9_-]{43}$/.test(token)) {
    return { error: 'This sign-in link is incomplete: copy the whole link from the terminal.' };
  }
  const result = await executeWithKey(RedeemSignInTokenDocument, { token }, undefined);
  if (!result.ok) {
    const { problem } = result;
    return {
      error:
        problem.kind === 'unauthenticated'
          ? `${problem.detail}. Restart "npm start" for a new link, or sign in with an API key.`
          : problemText(problem),
    };
  }
  await writeSessionKey(result.data.redeemSignInToken.secret);
  redirect('/runs');
}

export async function signOut(): Promise<void> {
  await clearSession();
  redirect('/sign-in');
}
