'use client';
// Admins add a teammate with a role. The API validates again and names a bad or taken e-mail.
import { useActionState } from 'react';
import { createMemberAction, type FormState } from '@/features/settings/server/actions';

export function CreateMemberForm() {
  const [state, formAction, pending] = useActionState<FormState, FormData>(createMemberAction, {
    status: 'idle',
  });
  return (
    <form
      action={formAction}
      aria-label="Create a member"
      className="flex flex-wrap items-end gap-2 rounded-lg border border-border bg-surface p-3"
    >
      <label className="flex flex-col gap-1 text-xs">
        Name
        <input
          name="name"
          required
          maxLength={200}
          aria-invalid={state.field === 'input.name' || undefined}
          className="rounded border border-border bg-canvas px-2 py-1 text-sm"
        />
      </label>
      <label className="flex flex-col gap-1 text-xs">
        E-mail
        <input
          name="email"
          type="email"
          required
          maxLength={320}
          aria-invalid={state.field === 'input.email' || undefined}
          className="rounded border border-border bg-canvas px-2 py-1 text-sm"
        />
      </label>
      <label className="flex flex-col gap-1 text-xs">
        Role
        <select
          name="role"
          defaultValue="MEMBER"
          className="rounded border border-border bg-canvas px-2 py-1 text-sm"
        >
          <option value="MEMBER">member: runs, launches, promotes their own</option>
          <option value="VIEWER">viewer: reads only</option>
          <option value="ADMIN">admin: everything</option>
        </select>
      </label>
      <button
        type="submit"
        disabled={pending}
        className="rounded bg-accent px-3 py-1 font-medium text-accent-fg disabled:opacity-60"
      >
        {pending ? 'Creating…' : 'Create member'}
      </button>
      <p role={state.status === 'error' ? 'alert' : 'status'} className="w-full text-xs">
        {state.status === 'error' ? (
          <span className="text-danger">{state.message}</span>
        ) : state.status === 'done' ? (
          state.message
        ) : null}
      </p>
    </form>
  );
}
