'use client';
// The 404 page of /compare: not one run of the address could be compared. Next's not-found
// pages get no props, so this small client leaf reads the address (server-rendered like the
// rest) to say whether its ids are not run ids at all or well-formed ids that no run has.
import { useSearchParams } from 'next/navigation';
import { NotFoundPanel } from '@/components/not-found-panel';
import { parseRunSelection } from '@/features/compare/lib/compare-url';

export function CompareNotFoundMessage() {
  const params = useSearchParams();
  const raw = (params.get('runs') ?? '').split(',');
  const selection = parseRunSelection(raw);
  if (selection.ids.length === 0) {
    return (
      <NotFoundPanel title="Not run ids (404)" alert>
        Nothing in this address is a run id: {selection.malformed.map((id) => `“${id}”`).join(', ')}
        . Run ids are UUIDs; pick runs in the runs table and press Compare.
      </NotFoundPanel>
    );
  }
  return (
    <NotFoundPanel title="Runs not found (404)" alert>
      No run has {selection.ids.length === 1 ? 'this id' : 'any of these ids'}, or you may not see
      them: {selection.ids.join(', ')}. They may have been deleted, or the link belongs to another
      hpa-lab installation.
    </NotFoundPanel>
  );
}
