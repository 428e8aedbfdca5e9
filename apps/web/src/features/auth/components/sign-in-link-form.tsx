'use client';
// The one-time link's button: redeeming is a POST (a server action), never the GET that opened
// the page, so a link preview or prefetch cannot spend the token.
import { useActionState } from 'react';
import { type SignInState, signInWithLink } from '../server/actions';

export function SignInLinkForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signInWithLink, {});
  return (
    <form action={action} className="flex flex-col gap-3">
      <input type="hidden" name="token" value={token} />
      <p>This one-time link signs you in as the installation&apos;s first admin.</p>
      {state.error ? (
        <p
          id="sign-in-error"
          role="alert"
          className="rounded border border-danger bg-danger-bg px-3 py-2 text-danger"
        >
          {state.error}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={pending}
        className="self-start rounded bg-accent px-4 py-2 font-medium text-accent-fg disabled:opacity-60"
      >
        {pending ? 'Signing in…' : 'Sign in with this link'}
      </button>
    </form>
  );
}
