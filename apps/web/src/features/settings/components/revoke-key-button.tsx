'use client';
// Revokes one key after a confirmation step (a revoked key cannot be restored).
import { useActionState, useState } from 'react';
import { revokeKeyAction, type FormState } from '@/features/settings/server/actions';

export function RevokeKeyButton({ keyId, keyName }: { keyId: string; keyName: string }) {
  const [confirming, setConfirming] = useState(false);
  const [state, formAction, pending] = useActionState<FormState, FormData>(
    revokeKeyAction.bind(null, keyId),
    { status: 'idle' },
  );
  if (!confirming) {
    return (
      <button
        type="button"
        onClick={() => setConfirming(true)}
        className="rounded border border-danger px-2 py-0.5 text-xs text-danger hover:bg-danger-bg"
      >
        Revoke…
      </button>
    );
  }
  return (
    <form
      action={formAction}
      className="flex flex-wrap items-center gap-2"
      aria-label={`Revoke ${keyName}`}
    >
      <span className="text-xs">Revoke {keyName}? Whatever uses it stops working.</span>
      <button
        type="submit"
        disabled={pending}
        className="rounded bg-danger px-2 py-0.5 text-xs font-medium text-canvas disabled:opacity-60"
      >
        {pending ? 'Revoking…' : 'Yes, revoke'}
      </button>
      <button
        type="button"
        onClick={() => setConfirming(false)}
        className="rounded border border-border px-2 py-0.5 text-xs hover:bg-raised"
      >
        Keep it
      </button>
      {state.status === 'error' ? (
        <p role="alert" className="w-full text-xs text-danger">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
