'use client';
// The run page's view choices as nuqs state: a change answers at once (a checkbox ticks when
// clicked) and is written into the URL with history.replaceState, without a server round trip
// (shallow: the curves and the matrix are already here). nuqs queues the updates, so the
// curves' and the heatmap's choices never overwrite each other.
import { useQueryStates } from 'nuqs';
import { runViewParams, runViewUrlKeys, type RunViewState } from '@/features/run/lib/run-view';

export function useViewState(): [RunViewState, (change: Partial<RunViewState>) => void] {
  const [view, setView] = useQueryStates(runViewParams, {
    urlKeys: runViewUrlKeys,
    history: 'replace',
    scroll: false,
  });
  return [view, (change) => void setView(change)];
}
