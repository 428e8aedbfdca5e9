'use client';
// A client leaf for the pending state and the error message; the form also works without JS.
import { useActionState } from 'react';
import { signIn, type SignInState } from '@/features/auth/server/actions';
import { SignInError, SignInSubmit } from './form-parts';

export function SignInForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signIn, {});
  return (
    <form action={action} className="flex flex-col gap-3">
      <input type="hidden" name="next" value={next} />
      <label htmlFor="apiKey" className="font-medium">
        API key
      </label>
      <input
        id="apiKey"
        name="apiKey"
        type="password"
        autoComplete="off"
        spellCheck={false}
        required
        placeholder="hpa_..."
        aria-describedby={state.error ? 'sign-in-error' : 'sign-in-help'}
        aria-invalid={state.error ? true : undefined}
        className="rounded border border-border bg-canvas px-3 py-2 font-mono"
      />
      <p id="sign-in-help" className="text-muted">
        Kept in an httpOnly cookie on this browser; page scripts never see it.
      </p>
      <SignInError message={state.error} />
      <SignInSubmit pending={pending} label="Sign in" pendingLabel="Checking…" />
    </form>
  );
}
