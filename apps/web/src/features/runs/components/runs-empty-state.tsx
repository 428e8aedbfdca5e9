import Link from 'next/link';

/** No runs at all (how to make one) or none matching the filters (how to widen them). */
export function RunsEmptyState({ filtered }: { filtered: boolean }) {
  if (filtered) {
    return (
      <div className="rounded-lg border border-border bg-surface px-4 py-6 text-center">
        <p className="font-medium">No run matches these filters.</p>
        <p className="mt-1 text-muted">
          <Link href="/runs" className="text-accent underline">
            Clear the filters
          </Link>{' '}
          to see every run.
        </p>
      </div>
    );
  }
  return (
    <div className="rounded-lg border border-border bg-surface px-4 py-6">
      <p className="font-medium">No runs yet.</p>
      <p className="mt-1 text-muted">Start one in either of two ways:</p>
      <ul className="mt-2 ml-5 list-disc text-muted">
        <li>
          <Link href="/launch" className="text-accent underline">
            Launch a run
          </Link>{' '}
          from the dashboard: a trainer worker (or the API itself in embedded mode) picks it up.
        </li>
        <li>
          Train from a terminal:{' '}
          <code className="font-mono text-fg">
            HPA_API_KEY=hpa_… npm run train -w @hpa-lab/trainer -- --config run.json
          </code>{' '}
          logs the run here as it trains.
        </li>
      </ul>
    </div>
  );
}
