'use server';
// Sign-in and sign-out as server actions: Next checks that the request's Origin matches the
// host, so another site cannot post to them, and the key goes from the form straight to the
// httpOnly cookie without ever being readable by page scripts.
import { redirect } from 'next/navigation';
import { executeWithKey } from '../../../graphql/execute';
import { checkApiKeyFormat, safeReturnPath } from '../lib/api-key-format';
import { clearSession, writeSessionKey } from './session';
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
    return { error: `${problem.title}. ${problem.detail}` };
  }
  await writeSessionKey(check.key);
  redirect(safeReturnPath(form.get('next')));
}

export async function signOut(): Promise<void> {
  await clearSession();
  redirect('/sign-in');
}
