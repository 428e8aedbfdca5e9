'use client';
// Cancel with a confirmation step: the first click only opens the question, so a stray click
// never stops a training run. Rendered only when the API says the viewer may cancel. Shared:
// the run page and the queue panel (on /launch and the runs table) both offer it.
import { useActionState, useState } from 'react';
import { cancelRunAction, type CancelRunState } from './cancel-run-action';

export function CancelRunButton({ runId, runName }: { runId: string; runName: string }) {
  const [confirming, setConfirming] = useState(false);
  const [state, formAction, pending] = useActionState<CancelRunState, FormData>(
    cancelRunAction.bind(null, runId),
    { status: 'idle' },
  );

  if (!confirming) {
    return (
      <div className="flex flex-col items-end gap-1">
        <button
          type="button"
          onClick={() => setConfirming(true)}
          className="rounded border border-danger px-3 py-1 text-danger hover:bg-danger-bg"
        >
          Cancel run…
        </button>
        {state.status === 'error' ? (
          <p role="alert" className="text-xs text-danger">
            {state.message}
          </p>
        ) : null}
      </div>
    );
  }
  return (
    <form
      action={formAction}
      className="flex max-w-sm flex-col gap-2 rounded-lg border border-danger bg-danger-bg p-3"
      aria-label="Confirm cancelling the run"
    >
      <p className="text-danger">
        Stop training <span className="font-semibold break-all">{runName}</span>? The trainer stops
        at its next heartbeat; what it logged so far stays.
      </p>
      <label className="flex flex-col gap-1 text-xs">
        Reason (optional)
        <input
          name="reason"
          maxLength={2000}
          className="rounded border border-border bg-canvas px-2 py-1"
          placeholder="e.g. wrong learning rate"
        />
      </label>
      <div className="flex gap-2">
        <button
          type="submit"
          disabled={pending}
          className="rounded bg-danger px-3 py-1 font-medium text-canvas disabled:opacity-60"
        >
          {pending ? 'Cancelling…' : 'Yes, cancel the run'}
        </button>
        <button
          type="button"
          onClick={() => setConfirming(false)}
          className="rounded border border-border px-3 py-1 hover:bg-raised"
          autoFocus
        >
          Keep it running
        </button>
      </div>
      {state.status === 'error' ? (
        <p role="alert" className="text-xs text-danger">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
