'use client';
// The 404 page of /runs/<x>. Next's not-found pages get no params, so this small client leaf
// reads the address (server-rendered like the rest) to say whether <x> is not a run id at all
// or a well-formed id that no run has.
import { useParams } from 'next/navigation';
import { NotFoundPanel } from '@/components/not-found-panel';
import { isRunId } from '@/lib/run-id';
import { BadRunId } from './bad-run-id';

export function RunNotFoundMessage() {
  const params = useParams<{ id?: string }>();
  const id = typeof params.id === 'string' ? params.id : '';
  if (!isRunId(id)) return <BadRunId value={id} />;
  return (
    <NotFoundPanel title="Run not found (404)">
      No run has this id. It may have been deleted, or the link belongs to another hpa-lab
      installation.
    </NotFoundPanel>
  );
}
