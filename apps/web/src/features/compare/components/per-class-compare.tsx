// The compare page's per-class parts, placed by the page: the runs x classes heatmap, grouped
// bars of chosen classes and the co-occurrence difference of two chosen runs. A server
// component: it reads its fragment of compareRuns, gives every run its style (its position in
// the comparison picks it, as on the page's other charts) and hands plain props to the client
// parts. The ensemble and best-per-class composite (the API's what-if, shared with the ensemble
// section through a per-request cache) add their rows below the runs when the API gives them:
// the runs' rows are drawn at once (a Suspense fallback) rather than waiting for those two
// requests, which for 20 runs x 3,000 samples take longer than compareRuns itself.
import { Suspense } from 'react';
import { derivedHeatmapRows } from '@/features/compare/lib/ensemble-rows';
import type { EnsembleThresholdChoice } from '@/features/compare/lib/per-class-url';
import { loadEnsemble } from '@/features/compare/server/load-ensemble';
import { type FragmentType, useFragment } from '@/graphql/generated';
import { PerClassCompareFragment } from './per-class-compare.fragment';
import { runStyle } from '@/lib/run-styles';
import { ClassBars, type BarSeries } from './class-bars';
import { ClassHeatmap, type HeatmapSeries } from './class-heatmap';
import { CooccurrenceDiff, type DiffRun } from './cooccurrence-diff';

export function PerClassCompare({
  comparison: comparisonRef,
  choice,
}: {
  comparison: FragmentType<typeof PerClassCompareFragment>;
  /** The ensemble's thresholds rule (the URL's `ens`). */
  choice: EnsembleThresholdChoice;
}) {
  const comparison = useFragment(PerClassCompareFragment, comparisonRef);
  const evaluations = new Map(comparison.classScores.map((s) => [s.runId, s.evaluation]));
  const runs = comparison.runs.map((run, index) => ({
    ...run,
    style: runStyle(index),
    evaluation: evaluations.get(run.id) ?? null,
  }));
  const runRows = runs.map((run): HeatmapSeries => ({
    key: run.id,
    label: run.name,
    kind: 'run',
    f1: run.evaluation?.f1 ?? null,
    support: run.evaluation?.support ?? null,
    color: run.style.color,
    dash: run.style.dash,
  }));
  const diffRuns: DiffRun[] = runs.map((run) => ({
    id: run.id,
    label: run.name,
    cooccurrence: run.evaluation?.cooccurrence ?? null,
    support: run.evaluation?.support ?? null,
  }));
  return (
    <section aria-labelledby="per-class-heading" className="flex flex-col gap-3">
      <h2 id="per-class-heading" className="text-base font-semibold">
        Per class
      </h2>
      <Suspense fallback={<HeatmapAndBars series={runRows} />}>
        <WithDerivedRows runRows={runRows} runIds={runs.map((run) => run.id)} choice={choice} />
      </Suspense>
      <CooccurrenceDiff runs={diffRuns} />
    </section>
  );
}

/** The runs' rows and, below them, the ensemble's and the composite's when the API gives them. */
async function WithDerivedRows({
  runRows,
  runIds,
  choice,
}: {
  runRows: HeatmapSeries[];
  runIds: string[];
  choice: EnsembleThresholdChoice;
}) {
  const { ensemble, composite } = await loadEnsemble(runIds, choice);
  const derived = derivedHeatmapRows(
    ensemble.ok ? ensemble.data : null,
    composite.ok ? composite.data : null,
  );
  // No run colour: drawn in the theme's grey, the composite striped to tell the two apart.
  const derivedRows = derived.map((row): HeatmapSeries => ({
    ...row,
    support: null,
    color: null,
    dash: row.kind === 'composite' ? '4 2' : undefined,
  }));
  return <HeatmapAndBars series={[...runRows, ...derivedRows]} />;
}

function HeatmapAndBars({ series }: { series: HeatmapSeries[] }) {
  const bars: BarSeries[] = series.map(({ key, label, f1, color, dash }) => ({
    key,
    label,
    f1: f1 ? [...f1] : null,
    color,
    dash,
  }));
  return (
    <>
      <ClassHeatmap series={series} />
      <ClassBars series={bars} />
    </>
  );
}
