'use client';
// The one-time link's button: redeeming is a POST (a server action), never the GET that opened
// the page, so a link preview or prefetch cannot spend the token.
import { useActionState } from 'react';
import { type SignInState, signInWithLink } from '@/features/auth/server/actions';
import { SignInError, SignInSubmit } from './form-parts';

export function SignInLinkForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signInWithLink, {});
  return (
    <form action={action} className="flex flex-col gap-3">
      <input type="hidden" name="token" value={token} />
      <p>This one-time link signs you in as the installation&apos;s first admin.</p>
      <SignInError message={state.error} />
      <SignInSubmit pending={pending} label="Sign in with this link" pendingLabel="Signing in…" />
    </form>
  );
}
