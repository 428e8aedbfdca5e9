import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { CompareCurves } from '@/features/compare/components/compare-curves';
import { CompareCurvesFragment } from '@/features/compare/components/compare-curves.fragment';
import { CompareSummaryTable } from '@/features/compare/components/compare-summary-table';
import { ParamDiff } from '@/features/compare/components/param-diff';
import { ParamDiffFragment } from '@/features/compare/components/param-diff.fragment';
import { paramRows } from '@/features/compare/lib/param-rows';
import { EnsembleSection } from '@/features/compare/components/ensemble-section';
import { PerClassCompare } from '@/features/compare/components/per-class-compare';
import { SelectionNotices } from '@/features/compare/components/selection-notices';
import { compactCurves } from '@/features/compare/lib/compare-curves';
import { loadCompareParams, parseRunSelection } from '@/features/compare/lib/compare-url';
import { loadPerClassParams } from '@/features/compare/lib/per-class-url';
import { loadCompare, type Comparison } from '@/features/compare/server/load-compare';
import { ProblemMessage } from '@/components/problem-message';
import { useFragment } from '@/graphql/generated';
import type { CompareCurves_RunComparisonFragment } from '@/graphql/generated/graphql';
import { MAX_COMPARE, MIN_COMPARE } from '@/lib/compare-href';

export const metadata: Metadata = { title: 'Compare' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function SectionLoading({ what }: { what: string }) {
  return (
    <p className="rounded-lg border border-border bg-surface px-3 py-6 text-center text-muted">
      Loading {what}…
    </p>
  );
}

// HTTP status: the page awaits compareRuns before its first byte (no loading.tsx above it), so
// an address of which not one run can be compared (all ids malformed, or none has a run) answers
// 404 through notFound(). Everything else answers 200 with a message on the page: the App
// Router has no way to set another status (400 for one run or 21 runs, 422 for runs on
// different data) from a page, only notFound() and redirects, and those cases still show a
// working comparison of what could be compared.
export default async function ComparePage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const view = loadCompareParams(params);
  const { ens } = loadPerClassParams(params);
  const selection = parseRunSelection(view.runs);
  if (selection.ids.length === 0) {
    if (selection.malformed.length > 0) notFound();
    return <NothingChosen />;
  }
  const result = await loadCompare(selection.ids, view.keys);
  if (!result.ok) return <ProblemMessage problem={result.problem} />;
  const { comparison, missing, keys, keysProblem } = result.data;
  if (!comparison) notFound();
  const count = comparison.runs.length;
  const config = useFragment(ParamDiffFragment, comparison);
  return (
    <div className="flex flex-col gap-6">
      <header className="flex flex-col gap-2">
        <div className="flex flex-wrap items-baseline gap-3">
          <h1 className="text-xl font-semibold">
            Compare {count} {count === 1 ? 'run' : 'runs'}
          </h1>
          <p className="text-muted">
            Which wins overall and per class, how their curves and confusions differ, which settings
            differ, what an ensemble of them would score.
          </p>
        </div>
        <SelectionNotices
          selection={selection}
          missing={missing}
          warnings={comparison.warnings}
          compared={count}
          keysProblem={keysProblem}
        />
      </header>
      <CompareSummaryTable runs={comparison.runs} choice={ens} />
      <CompareCurves comparison={curvesOf(comparison)} keys={keys} />
      <PerClassCompare comparison={comparison} choice={ens} />
      {count >= MIN_COMPARE ? (
        <Suspense fallback={<SectionLoading what="the ensemble what-if" />}>
          <EnsembleSection comparison={comparison} choice={ens} />
        </Suspense>
      ) : null}
      <ParamDiff
        runs={config.runs.map(({ id, name }) => ({ id, name }))}
        rows={paramRows(
          config.runs.map((run) => run.config),
          config.parameterDifferences.map((difference) => difference.path),
        )}
      />
    </div>
  );
}

/**
 * The curves' part of the comparison, and nothing else: a client component's props travel to
 * the browser whole, and fragment masking hides other parts' fields from the types only (at run
 * time each run object still holds its config, each evaluation its 28x28 matrix...).
 */
function curvesOf(comparison: Comparison): CompareCurves_RunComparisonFragment {
  const curves = useFragment(CompareCurvesFragment, comparison);
  return {
    runs: curves.runs.map(({ id, name, status, metricKeys }) => ({ id, name, status, metricKeys })),
    curves: compactCurves(curves.curves),
  };
}

function NothingChosen() {
  return (
    <section className="mx-auto mt-10 max-w-lg" data-testid="compare-nothing-chosen">
      <h1 className="mb-2 text-xl font-semibold">Compare runs</h1>
      <p className="text-muted">
        No runs chosen. Tick {MIN_COMPARE} to {MAX_COMPARE} runs in the runs table and press
        Compare, or open a class on the class leaderboard to compare its top runs.
      </p>
      <p className="mt-4 flex gap-4">
        <Link href="/runs" className="text-accent underline">
          Go to the runs
        </Link>
        <Link href="/classes" className="text-accent underline">
          Go to the classes
        </Link>
      </p>
    </section>
  );
}
