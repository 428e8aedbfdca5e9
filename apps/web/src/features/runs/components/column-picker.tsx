// Which columns show, as a GET form in a disclosure: the choice lands in the URL (`cols=`).
import { COLUMN_KEYS, COLUMNS } from '@/features/runs/lib/columns';
import { hiddenFields, type RunsViewState } from '@/features/runs/lib/url-state';

export function ColumnPicker({ state }: { state: RunsViewState }) {
  return (
    <details className="relative">
      <summary className="cursor-pointer list-none rounded border border-border px-3 py-1 hover:bg-raised">
        Columns ({state.columns.length}/{COLUMN_KEYS.length})
      </summary>
      <form
        method="get"
        action="/runs"
        aria-label="Choose columns"
        className="absolute right-0 z-10 mt-1 w-56 rounded-lg border border-border bg-canvas p-3 shadow-lg"
      >
        {hiddenFields(state, ['cols']).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <fieldset>
          <legend className="mb-2 font-medium">Show columns</legend>
          {COLUMN_KEYS.map((key) => (
            <label key={key} className="flex items-center gap-2 py-0.5">
              <input
                type="checkbox"
                name="cols"
                value={key}
                defaultChecked={state.columns.includes(key)}
                className="size-4 accent-[var(--color-accent)]"
              />
              {COLUMNS[key].label}
            </label>
          ))}
        </fieldset>
        <button
          type="submit"
          className="mt-2 rounded bg-accent px-3 py-1 font-medium text-accent-fg hover:opacity-90"
        >
          Show
        </button>
      </form>
    </details>
  );
}
