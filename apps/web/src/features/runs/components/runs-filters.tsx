// The filters as a plain GET form: submitting it writes the filters into the URL (so the view
// is shareable and Back undoes it), and it works before any JavaScript has loaded.
import Link from 'next/link';
import { RUN_STATUSES, STATUS_STYLES } from '@/lib/run-status';
import { hiddenFields, type RunsViewState } from '@/features/runs/lib/url-state';

const FILTER_FIELDS = ['q', 'status', 'member', 'tag', 'model', 'after', 'page'];

const fieldClass = 'rounded border border-border bg-canvas px-2 py-1';

export function RunsFilters({
  state,
  members,
  models,
}: {
  state: RunsViewState;
  members: readonly { id: string; name: string }[];
  models: readonly string[];
}) {
  const { filter } = state;
  return (
    <form
      method="get"
      action="/runs"
      aria-label="Filter runs"
      className="mb-3 flex flex-wrap items-end gap-x-4 gap-y-2 rounded-lg border border-border bg-surface px-3 py-2"
    >
      {hiddenFields(state, FILTER_FIELDS).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <label className="flex flex-col gap-1">
        <span className="text-muted">Search</span>
        <input
          type="search"
          name="q"
          defaultValue={filter.text ?? ''}
          placeholder="name or approach"
          maxLength={200}
          className={`${fieldClass} w-56`}
        />
      </label>
      <fieldset className="flex flex-col gap-1">
        <legend className="mb-1 text-muted">Status</legend>
        <div className="flex flex-wrap gap-x-3">
          {RUN_STATUSES.map((status) => (
            <label key={status} className="inline-flex items-center gap-1">
              <input
                type="checkbox"
                name="status"
                value={status}
                defaultChecked={filter.status.includes(status)}
                className="size-4 accent-[var(--color-accent)]"
              />
              {STATUS_STYLES[status].label}
            </label>
          ))}
        </div>
      </fieldset>
      <label className="flex flex-col gap-1">
        <span className="text-muted">Member</span>
        <select name="member" defaultValue={filter.member ?? ''} className={fieldClass}>
          <option value="">Anyone</option>
          {members.map((member) => (
            <option key={member.id} value={member.id}>
              {member.name}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-muted">Tag</span>
        <input
          type="text"
          name="tag"
          defaultValue={filter.tag ?? ''}
          maxLength={64}
          className={`${fieldClass} w-32`}
        />
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-muted">Model</span>
        <select name="model" defaultValue={filter.model ?? ''} className={fieldClass}>
          <option value="">Any</option>
          {models.map((model) => (
            <option key={model} value={model}>
              {model}
            </option>
          ))}
        </select>
      </label>
      <div className="flex gap-2">
        <button
          type="submit"
          className="rounded bg-accent px-3 py-1 font-medium text-accent-fg hover:opacity-90"
        >
          Apply filters
        </button>
        <Link
          href="/runs"
          className="rounded border border-border px-3 py-1 no-underline hover:bg-raised"
        >
          Reset view
        </Link>
      </div>
    </form>
  );
}
