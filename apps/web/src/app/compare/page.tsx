import type { Metadata } from 'next';
import { NotBuiltYet } from '../../features/shell/components/not-built-yet';

export const metadata: Metadata = { title: 'Compare' };

export default async function ComparePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const raw = Array.isArray(params.runs) ? params.runs.join(',') : (params.runs ?? '');
  const ids = raw.split(',').filter((id) => id.trim() !== '');
  return (
    <>
      <NotBuiltYet
        title="Compare"
        purpose="Which of 2-20 runs wins overall and per class, how their confusions differ, which settings differ."
      />
      {ids.length > 0 ? (
        <p className="mt-4 text-muted">
          Selected runs: <span className="font-mono">{ids.join(', ')}</span>
        </p>
      ) : null}
    </>
  );
}
