'use client';
// The page's view choices as React state mirrored into the URL. The state answers at once (a
// checkbox ticks when clicked); the URL is rewritten with history.replaceState, which Next keeps
// in step with useSearchParams without a server round trip. Each change starts from the URL as
// it is now, so the curves' and the heatmap's choices never overwrite each other.
import { useState } from 'react';
import { useSearchParams } from 'next/navigation';
import { parseViewState, serializeViewState, type RunViewState } from '../lib/chart-state';

export function useViewState(): [RunViewState, (change: Partial<RunViewState>) => void] {
  const searchParams = useSearchParams();
  const [view, setView] = useState(() => parseViewState(searchParams));
  const change = (update: Partial<RunViewState>) => {
    const next = { ...parseViewState(new URLSearchParams(window.location.search)), ...update };
    const query = serializeViewState(next);
    window.history.replaceState(
      null,
      '',
      query ? `${window.location.pathname}?${query}` : window.location.pathname,
    );
    setView((current) => ({ ...current, ...update }));
  };
  return [view, change];
}
