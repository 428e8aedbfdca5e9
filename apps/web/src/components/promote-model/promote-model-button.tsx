'use client';
// Promote a run's model to a registered model's alias, with a confirmation that shows what the
// alias points at now and what it will point at, both runs' macro and rare-class F1 side by
// side. Rendered only where the API's Run.viewerCanPromote says yes; the alias rule
// (ModelAlias.viewerCanMove) is shown before confirming, and the API enforces both anyway.
// Used by the run page and, per run, by the compare page.
import { useActionState, useEffect, useId, useState, useTransition } from 'react';
import type { PromoteModel_RunFragment as PromotableRun } from '@/graphql/generated/graphql';
import { formatScore } from '@/lib/format';
import {
  loadPromotionTargets,
  promoteRunAction,
  type PromoteState,
  type PromotionTarget,
} from './promote-actions';

const DEFAULT_MODEL = 'hpa-classifier';
const DEFAULT_ALIAS = 'champion';

export function PromoteModelButton({ run }: { run: PromotableRun }) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="rounded border border-accent px-3 py-1 text-accent hover:bg-raised"
      >
        Promote…
      </button>
    );
  }
  return <PromoteForm run={run} onClose={() => setOpen(false)} />;
}

function PromoteForm({ run, onClose }: { run: PromotableRun; onClose: () => void }) {
  const ids = useId();
  const [targets, setTargets] = useState<PromotionTarget[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [, startLoading] = useTransition();
  const [name, setName] = useState('');
  const [alias, setAlias] = useState(DEFAULT_ALIAS);
  const [state, formAction, pending] = useActionState<PromoteState, FormData>(
    promoteRunAction.bind(null, run.id),
    { status: 'idle' },
  );

  // The inputs stay read-only until the registry is read: filling in the default name after the
  // member has started typing would splice the two (a real race, seen in CI).
  useEffect(() => {
    startLoading(async () => {
      const result = await loadPromotionTargets(run.project.id);
      if (!result.ok) {
        setLoadError(result.message);
        return;
      }
      setTargets(result.models);
      setName((current) => current || (result.models[0]?.name ?? DEFAULT_MODEL));
    });
  }, [run.project.id]);

  const reading = targets === null && loadError === null;
  const model = targets?.find((candidate) => candidate.name === name.trim());
  const current = model?.aliases.find((candidate) => candidate.alias === alias.trim());
  const mayMove = current ? current.viewerCanMove : true;
  const sameRun = current?.version.run.id === run.id;

  if (state.status === 'promoted' && state.promoted) {
    const { promoted } = state;
    return (
      <div
        role="status"
        className="flex w-full max-w-md flex-col gap-2 rounded-lg border border-border bg-surface p-3"
      >
        <p>
          <span className="font-semibold">{promoted.alias}</span> of{' '}
          <span className="font-semibold">{promoted.name}</span> now points at version{' '}
          {promoted.version}, this run’s model.
        </p>
        <div className="flex gap-2">
          <a
            href={`/models?model=${promoted.modelId}`}
            className="underline-offset-2 hover:underline"
          >
            See it in Models
          </a>
          <button
            type="button"
            onClick={onClose}
            className="rounded border border-border px-2 hover:bg-raised"
          >
            Close
          </button>
        </div>
      </div>
    );
  }

  return (
    <form
      action={formAction}
      aria-label="Promote this run's model"
      className="flex w-full max-w-md flex-col gap-2 rounded-lg border border-border bg-surface p-3"
    >
      <p className="font-semibold">Promote this run’s model</p>
      <label className="flex flex-col gap-1 text-xs">
        Registered model
        <input
          name="name"
          required
          value={name}
          onChange={(event) => setName(event.target.value)}
          readOnly={reading}
          list={`${ids}-models`}
          aria-invalid={state.field === 'name' || undefined}
          className="rounded border border-border bg-canvas px-2 py-1 text-sm"
        />
        <datalist id={`${ids}-models`}>
          {targets?.map((target) => (
            <option key={target.id} value={target.name} />
          ))}
        </datalist>
      </label>
      <label className="flex flex-col gap-1 text-xs">
        Alias
        <input
          name="alias"
          required
          value={alias}
          onChange={(event) => setAlias(event.target.value)}
          readOnly={reading}
          list={`${ids}-aliases`}
          aria-invalid={state.field === 'alias' || undefined}
          className="rounded border border-border bg-canvas px-2 py-1 text-sm"
        />
        <datalist id={`${ids}-aliases`}>
          {model?.aliases.map((target) => (
            <option key={target.alias} value={target.alias} />
          ))}
        </datalist>
      </label>
      {loadError ? (
        <p role="alert" className="text-xs text-danger">
          Could not read the registry: {loadError}
        </p>
      ) : targets === null ? (
        <p className="text-xs text-muted">Reading the registry…</p>
      ) : (
        <table className="text-sm" aria-label="What the alias points at now and after">
          <thead className="text-xs text-muted">
            <tr>
              <th scope="col" className="pr-3 text-left font-medium" />
              <th scope="col" className="pr-3 text-left font-medium">
                Run
              </th>
              <th scope="col" className="pr-3 text-right font-medium">
                Macro F1
              </th>
              <th scope="col" className="text-right font-medium">
                Rare-class F1
              </th>
            </tr>
          </thead>
          <tbody>
            <tr data-testid="promote-now">
              <th scope="row" className="pr-3 text-left text-xs font-medium text-muted">
                now
              </th>
              {current ? (
                <>
                  <td className="pr-3 break-words">
                    v{current.version.version}: {current.version.run.name}{' '}
                    <span className="text-muted">({current.version.run.owner.name})</span>
                  </td>
                  <td className="num pr-3 text-right">
                    {formatScore(current.version.run.bestMacroF1)}
                  </td>
                  <td className="num text-right">{formatScore(current.version.run.rareClassF1)}</td>
                </>
              ) : (
                <td colSpan={3} className="text-muted">
                  {model ? 'nothing: a new alias' : 'nothing: a new model'}
                </td>
              )}
            </tr>
            <tr data-testid="promote-after">
              <th scope="row" className="pr-3 text-left text-xs font-medium text-muted">
                after
              </th>
              <td className="pr-3 break-words">{run.name}</td>
              <td className="num pr-3 text-right">{formatScore(run.bestMacroF1)}</td>
              <td className="num text-right">{formatScore(run.rareClassF1)}</td>
            </tr>
          </tbody>
        </table>
      )}
      {current && !mayMove ? (
        <p role="alert" className="text-xs text-danger">
          You may not move {current.alias}: it points at version {current.version.version}, from{' '}
          {current.version.run.owner.name}’s run. Only they or an admin may move it; choose another
          alias.
        </p>
      ) : null}
      {sameRun ? (
        <p className="text-xs text-muted">The alias already points at this run’s model.</p>
      ) : null}
      {state.status === 'error' ? (
        <p role="alert" className="text-xs text-danger">
          {state.message}
        </p>
      ) : null}
      <div className="flex gap-2">
        <button
          type="submit"
          disabled={pending || !mayMove || targets === null}
          className="rounded bg-accent px-3 py-1 font-medium text-accent-fg disabled:opacity-60"
        >
          {pending ? 'Promoting…' : `Point ${alias.trim() || 'the alias'} at this run`}
        </button>
        <button
          type="button"
          onClick={onClose}
          className="rounded border border-border px-3 py-1 hover:bg-raised"
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
