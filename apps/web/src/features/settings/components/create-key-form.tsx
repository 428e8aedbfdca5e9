'use client';
// Issues a key for one member and shows its secret once: it lives only in this form's action
// state (the server action's response), never in a cookie or URL, and is gone on reload.
import { useActionState } from 'react';
import { CopyButton } from '@/components/copy-button';
import { createKeyAction, type CreateKeyState } from '@/features/settings/server/actions';

export function CreateKeyForm({ memberId, memberName }: { memberId: string; memberName: string }) {
  const [state, formAction, pending] = useActionState<CreateKeyState, FormData>(
    createKeyAction.bind(null, memberId),
    { status: 'idle' },
  );
  return (
    <div className="flex flex-col gap-2">
      <form
        action={formAction}
        aria-label={`Issue a key for ${memberName}`}
        className="flex flex-wrap items-end gap-2"
      >
        <label className="flex flex-col gap-1 text-xs">
          New key’s label
          <input
            name="name"
            required
            maxLength={100}
            placeholder="e.g. laptop or trainer-gpu-1"
            aria-invalid={state.status === 'error' || undefined}
            className="rounded border border-border bg-canvas px-2 py-1 text-sm"
          />
        </label>
        <button
          type="submit"
          disabled={pending}
          className="rounded border border-accent px-3 py-1 text-accent hover:bg-raised disabled:opacity-60"
        >
          {pending ? 'Issuing…' : 'Issue key'}
        </button>
      </form>
      {state.status === 'error' ? (
        <p role="alert" className="text-xs text-danger">
          {state.message}
        </p>
      ) : null}
      {state.created ? (
        <div
          role="status"
          className="flex flex-col gap-1 rounded border border-accent bg-canvas p-2"
          data-testid="new-key-secret"
        >
          <p className="text-xs">
            The secret of <span className="font-semibold">{state.created.name}</span>, shown only
            now: copy it where it will be used. Only its hash is stored; it cannot be shown again.
          </p>
          <div className="flex flex-wrap items-center gap-2">
            <code
              className="rounded bg-raised px-2 py-1 font-mono text-xs break-all"
              data-testid="secret"
            >
              {state.created.secret}
            </code>
            <CopyButton text={state.created.secret} label="Copy secret" />
          </div>
        </div>
      ) : null}
    </div>
  );
}
