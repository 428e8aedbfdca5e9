// The ensemble what-if of the compared runs: what the mean of their validation probabilities
// would score, and the best-per-class composite, each with its gain over the best single run
// (every run scored alone with the same rule on the same samples), and which classes the
// composite takes from which run. The API's refusals (runs on different data, runs without
// stored probabilities) are messages here; the rest of the page does not depend on them.
import type { ReactNode } from 'react';
import { ProblemMessage } from '@/components/problem-message';
import type { EnsembleThresholdChoice } from '@/features/compare/lib/per-class-url';
import { summaryRows, winnerGroups, type SummaryRow } from '@/features/compare/lib/ensemble-rows';
import { loadEnsemble } from '@/features/compare/server/load-ensemble';
import { type FragmentType, useFragment } from '@/graphql/generated';
import { PerClassCompareFragment } from './per-class-compare.fragment';
import { formatCount, formatScore } from '@/lib/format';
import { EnsembleThresholdsToggle } from './ensemble-thresholds-toggle';

function signed(value: number | null): string {
  if (value === null) return '—';
  const text = formatScore(Math.abs(value));
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : `±${text}`;
}

function Th({ children, left }: { children: ReactNode; left?: boolean }) {
  return (
    <th
      scope="col"
      className={`px-2 py-1.5 font-medium text-muted ${left ? 'text-left' : 'text-right'}`}
    >
      {children}
    </th>
  );
}

function SummaryTable({ rows, samples }: { rows: SummaryRow[]; samples: number }) {
  return (
    <div className="max-w-4xl overflow-x-auto rounded-lg border border-border">
      <table className="w-full border-collapse text-left" data-testid="ensemble-table">
        <caption className="sr-only">
          The ensemble and the best-per-class composite against the best single run, on {samples}{' '}
          validation samples
        </caption>
        <thead className="bg-surface">
          <tr>
            <Th left>what</Th>
            <Th>macro F1</Th>
            <Th>macro F1 gain</Th>
            <Th>rare-class F1</Th>
            <Th>rare-class F1 gain</Th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.kind} className="border-t border-border" data-kind={row.kind}>
              <th scope="row" className="px-2 py-1.5 font-medium">
                {row.label}
              </th>
              <td className="num px-2 py-1.5" data-testid={`${row.kind}-macro-f1`}>
                {formatScore(row.macroF1)}
              </td>
              <td
                className={`num px-2 py-1.5 ${row.gain !== null && row.gain < 0 ? 'text-danger' : ''}`}
                data-testid={`${row.kind}-gain`}
              >
                {signed(row.gain)}
              </td>
              <td className="num px-2 py-1.5">{formatScore(row.rareClassF1)}</td>
              <td className="num px-2 py-1.5">{signed(row.rareGain)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export async function EnsembleSection({
  comparison: comparisonRef,
  choice,
}: {
  comparison: FragmentType<typeof PerClassCompareFragment>;
  choice: EnsembleThresholdChoice;
}) {
  const comparison = useFragment(PerClassCompareFragment, comparisonRef);
  const order = comparison.runs.map((run) => run.id);
  const names = new Map(comparison.runs.map((run) => [run.id, run.name]));
  const { ensemble, composite } = await loadEnsemble(order, choice);
  const ensembleData = ensemble.ok ? ensemble.data : null;
  const compositeData = composite.ok ? composite.data : null;
  const rows = summaryRows(ensembleData, compositeData, names);
  const samples = (ensembleData ?? compositeData)?.sampleCount ?? 0;
  const groups = compositeData ? winnerGroups(compositeData, order, names) : [];
  // The same refusal twice (both ask about the same runs) is said once.
  const problems = [ensemble, composite].flatMap((result) => (result.ok ? [] : [result.problem]));
  const distinct = problems.filter(
    (problem, i) => problems.findIndex((other) => other.detail === problem.detail) === i,
  );
  return (
    <section
      aria-labelledby="ensemble-heading"
      className="flex flex-col gap-2"
      data-testid="ensemble-section"
    >
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
        <h2 id="ensemble-heading" className="text-base font-semibold">
          Ensemble what-if
        </h2>
        <EnsembleThresholdsToggle />
        {samples > 0 ? (
          <span className="text-xs text-muted">
            on the {formatCount(samples)} validation samples every run’s stored probabilities hold
          </span>
        ) : null}
      </div>
      {distinct.map((problem, i) => (
        <ProblemMessage key={i} problem={problem} />
      ))}
      {rows.length > 0 ? <SummaryTable rows={rows} samples={samples} /> : null}
      {groups.length > 0 ? (
        <details className="text-xs">
          <summary className="cursor-pointer">
            Which run the composite takes each class from
          </summary>
          <ul className="mt-1 grid gap-1" data-testid="composite-winners">
            {groups.map((group) => (
              <li key={group.runId}>
                <span className="font-medium">{group.name}</span> ({group.classes.length}):{' '}
                {group.classes.join(', ')}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
