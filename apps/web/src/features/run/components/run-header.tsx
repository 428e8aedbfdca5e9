// The run's identity and state at a glance. Every value is rendered as text by React, so a
// name or approach holding markup shows as that markup, never as HTML.
import type { ReactNode } from 'react';
import { StatusBadge } from '@/components/status-badge';
import { formatDateTime, formatScore, runDurationMs } from '@/lib/format';
import { shortHash } from '@/lib/format';
import { type FragmentType, graphql, useFragment } from '@/graphql/generated';
import { RunDuration } from './run-duration';

// What the header reads of a run; the page's query spreads it.
export const RunHeaderFragment = graphql(`
  fragment RunHeader_Run on Run {
    id
    name
    approach
    tags
    status
    datasetFingerprint
    splitSeed
    backend
    device
    gitCommit
    bestMacroF1
    errorMessage
    createdAt
    startedAt
    finishedAt
    owner {
      id
      name
      email
    }
    project {
      id
      name
    }
  }
`);

export function RunHeader({
  run: runRef,
  now,
  actions,
}: {
  run: FragmentType<typeof RunHeaderFragment>;
  now: Date;
  actions?: ReactNode;
}) {
  const run = useFragment(RunHeaderFragment, runRef);
  const failed = run.status === 'FAILED';
  const cancelled = run.status === 'CANCELLED';
  return (
    <header className="flex flex-col gap-3">
      <div className="flex flex-wrap items-start gap-3">
        <div className="min-w-0 flex-1">
          <p className="text-xs text-muted">
            <a href="/runs" className="underline-offset-2 hover:underline">
              Runs
            </a>{' '}
            / {run.project.name}
          </p>
          <h1 className="mt-0.5 flex flex-wrap items-center gap-2 text-xl font-semibold">
            <span className="break-all">{run.name}</span>
            <span className="rounded-full border border-border px-2 py-0.5 text-xs font-medium">
              <StatusBadge status={run.status} />
            </span>
          </h1>
          <p className="mt-1 text-muted">{run.approach || 'no approach given'}</p>
          {run.tags.length > 0 ? (
            <ul className="mt-1 flex flex-wrap gap-1" aria-label="tags">
              {run.tags.map((tag) => (
                <li key={tag} className="rounded bg-raised px-1.5 py-0.5 text-xs">
                  {tag}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        {actions}
      </div>
      {(failed || cancelled) && run.errorMessage ? (
        <div
          role={failed ? 'alert' : 'status'}
          className={
            failed
              ? 'rounded-lg border border-danger bg-danger-bg px-3 py-2 text-danger'
              : 'rounded-lg border border-border bg-surface px-3 py-2'
          }
        >
          <span className="font-semibold">{failed ? 'Error: ' : 'Cancelled: '}</span>
          <span className="whitespace-pre-wrap break-words font-mono text-xs">
            {run.errorMessage}
          </span>
        </div>
      ) : null}
      <dl className="flex flex-wrap gap-x-8 gap-y-2 rounded-lg border border-border bg-surface px-4 py-3">
        <Fact label="member">
          <span title={run.owner.email}>{run.owner.name}</span>
        </Fact>
        <Fact label="best val macro F1">
          <span className="num" data-testid="best-macro-f1">
            {formatScore(run.bestMacroF1)}
          </span>
        </Fact>
        <Fact label="backend · device">
          {run.backend ?? '—'} · {run.device ?? '—'}
        </Fact>
        <Fact label="dataset">
          <span className="font-mono" title={run.datasetFingerprint ?? undefined}>
            {shortHash(run.datasetFingerprint)}
          </span>
        </Fact>
        <Fact label="split seed">
          <span className="num">{run.splitSeed ?? '—'}</span>
        </Fact>
        <Fact label="duration">
          <RunDuration
            elapsedMs={runDurationMs(run.startedAt, run.finishedAt, now.getTime())}
            ticking={run.status === 'RUNNING' && !run.finishedAt}
          />
        </Fact>
        <Fact label="created">
          <span className="num">{formatDateTime(run.createdAt)} UTC</span>
        </Fact>
        <Fact label="commit">
          <span className="font-mono">{run.gitCommit ? run.gitCommit.slice(0, 10) : '—'}</span>
        </Fact>
      </dl>
    </header>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="whitespace-nowrap">{children}</dd>
    </div>
  );
}
