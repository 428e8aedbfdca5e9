'use client';
// Picking runs to compare: checkboxes in the (server-rendered) table rows and a Compare button
// that opens /compare?runs=a,b,c once 2-20 runs are picked. The only client state of the table.
import { useRouter } from 'next/navigation';
import { createContext, type ReactNode, useContext, useMemo, useState } from 'react';
import { compareHref, MAX_COMPARE, MIN_COMPARE } from '@/lib/compare-href';

interface Selection {
  selected: readonly string[];
  toggle: (id: string) => void;
  clear: () => void;
}

const SelectionContext = createContext<Selection | null>(null);

function useSelection(): Selection {
  const selection = useContext(SelectionContext);
  if (!selection) throw new Error('CompareSelection components need a CompareSelectionProvider');
  return selection;
}

export function CompareSelectionProvider({ children }: { children: ReactNode }) {
  const [selected, setSelected] = useState<readonly string[]>([]);
  const value = useMemo<Selection>(
    () => ({
      selected,
      toggle: (id) =>
        setSelected((current) =>
          current.includes(id) ? current.filter((other) => other !== id) : [...current, id],
        ),
      clear: () => setSelected([]),
    }),
    [selected],
  );
  return <SelectionContext.Provider value={value}>{children}</SelectionContext.Provider>;
}

export function SelectRunCheckbox({ id, name }: { id: string; name: string }) {
  const { selected, toggle } = useSelection();
  const checked = selected.includes(id);
  return (
    <input
      type="checkbox"
      checked={checked}
      disabled={!checked && selected.length >= MAX_COMPARE}
      onChange={() => toggle(id)}
      aria-label={`Select ${name} for comparison`}
      className="size-4 accent-[var(--color-accent)]"
    />
  );
}

export function CompareButton() {
  const { selected, clear } = useSelection();
  const router = useRouter();
  const ready = selected.length >= MIN_COMPARE && selected.length <= MAX_COMPARE;
  const hint =
    selected.length === 0
      ? `Select ${MIN_COMPARE}-${MAX_COMPARE} runs to compare`
      : selected.length < MIN_COMPARE
        ? `1 selected: pick at least one more`
        : `${selected.length} selected${selected.length === MAX_COMPARE ? ' (the most)' : ''}`;
  return (
    <div className="flex items-center gap-2">
      <span className="text-muted" aria-live="polite">
        {hint}
      </span>
      <button
        type="button"
        disabled={!ready}
        onClick={() => router.push(compareHref(selected))}
        className="rounded bg-accent px-3 py-1 font-medium text-accent-fg disabled:cursor-not-allowed disabled:opacity-50"
      >
        Compare
      </button>
      {selected.length > 0 ? (
        <button
          type="button"
          onClick={clear}
          className="rounded border border-border px-2 py-1 text-muted hover:bg-raised"
        >
          Clear selection
        </button>
      ) : null}
    </div>
  );
}
