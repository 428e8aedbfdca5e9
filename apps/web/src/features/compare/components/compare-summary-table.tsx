// The summary table: a row per compared run (its colour, the same as on every chart of the page;
// name, member, approach, model, loss, best macro and rare-class F1, best epoch, duration,
// images/s, backend; links to the run and to a launch form pre-filled from it), then the
// ensemble and the best-per-class composite with their gain over the best single run. A server
// component; the derived rows wait for the API's what-if behind their own Suspense boundary, so
// the runs' rows never wait for it.
import Link from 'next/link';
import { Suspense, type ReactNode } from 'react';
import { COMPOSITE_LABEL, ENSEMBLE_LABEL, summaryRows } from '@/features/compare/lib/ensemble-rows';
import type { EnsembleThresholdChoice } from '@/features/compare/lib/per-class-url';
import { runSummaryRows, type RunSummaryRow } from '@/features/compare/lib/summary-rows';
import { loadEnsemble } from '@/features/compare/server/load-ensemble';
import { type FragmentType, useFragment } from '@/graphql/generated';
import { formatDuration, formatMetricValue, formatScore, MISSING } from '@/lib/format';
import { runStyle } from '@/lib/run-styles';
import { PromoteModelRunFragment } from '@/components/promote-model/promote-model.fragment';
import { PromoteModelButton } from '@/components/promote-model/promote-model-button';
import type { PromoteModel_RunFragment } from '@/graphql/generated/graphql';
import { CompareSummaryFragment } from './compare-summary.fragment';
import { cloneRunHref } from '@/lib/launch-href';
import { RunSwatch } from './run-swatch';

/** The table's columns, for the derived rows' colspans. */
const COLUMNS = 12;

function signed(value: number | null): string {
  if (value === null) return MISSING;
  const text = formatScore(Math.abs(value));
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : `±${text}`;
}

function Th({ children, left, title }: { children: ReactNode; left?: boolean; title?: string }) {
  return (
    <th
      scope="col"
      title={title}
      className={`whitespace-nowrap px-2 py-1.5 font-medium text-muted ${left ? 'text-left' : 'text-right'}`}
    >
      {children}
    </th>
  );
}

function RunRow({
  row,
  index,
  promotable,
}: {
  row: RunSummaryRow;
  index: number;
  /** The run as the Promote button reads it, when the member may promote its model. */
  promotable: PromoteModel_RunFragment | null;
}) {
  return (
    <tr className="border-t border-border" data-testid="summary-run-row" data-run-id={row.id}>
      <th scope="row" className="px-2 py-1.5 text-left font-medium">
        <span className="flex items-center gap-2">
          <RunSwatch style={runStyle(index)} />
          <Link href={`/runs/${row.id}`} className="min-w-32 underline-offset-2 hover:underline">
            {row.name}
          </Link>
        </span>
      </th>
      <td className="px-2 py-1.5">{row.member}</td>
      <td className="max-w-56 px-2 py-1.5 text-muted">{row.approach || MISSING}</td>
      <td className="px-2 py-1.5">{row.model ?? MISSING}</td>
      <td className="px-2 py-1.5">{row.loss ?? MISSING}</td>
      <td
        className={`num px-2 py-1.5 ${row.leadsMacro ? 'font-semibold' : ''}`}
        data-testid="summary-macro-f1"
      >
        {formatScore(row.macroF1)}
        {row.leadsMacro ? <span className="sr-only"> (highest)</span> : null}
      </td>
      <td
        className={`num px-2 py-1.5 ${row.leadsRare ? 'font-semibold' : ''}`}
        data-testid="summary-rare-f1"
      >
        {formatScore(row.rareClassF1)}
        {row.leadsRare ? <span className="sr-only"> (highest)</span> : null}
      </td>
      <td className="num px-2 py-1.5">{row.bestEpoch ?? MISSING}</td>
      <td className="num whitespace-nowrap px-2 py-1.5">{formatDuration(row.durationMs)}</td>
      <td className="num px-2 py-1.5">{formatMetricValue(row.imagesPerSecond)}</td>
      <td className="px-2 py-1.5">{row.backend ?? MISSING}</td>
      <td className="px-2 py-1.5 text-right">
        <span className="flex items-start justify-end gap-2">
          <Link
            href={cloneRunHref(row.id)}
            className="py-1 text-accent underline"
            aria-label={`Clone ${row.name} into a new launch`}
          >
            Clone
          </Link>
          {promotable ? <PromoteModelButton run={promotable} /> : null}
        </span>
      </td>
    </tr>
  );
}

async function DerivedRows({
  ids,
  names,
  choice,
}: {
  ids: string[];
  names: ReadonlyMap<string, string>;
  choice: EnsembleThresholdChoice;
}) {
  const { ensemble, composite } = await loadEnsemble(ids, choice);
  const rows = summaryRows(
    ensemble.ok ? ensemble.data : null,
    composite.ok ? composite.data : null,
    names,
  );
  const best = rows.find((row) => row.kind === 'best-single');
  const derived = rows.filter((row) => row.kind !== 'best-single');
  if (derived.length === 0) {
    return (
      <tbody>
        <tr className="border-t border-border">
          <td colSpan={COLUMNS} className="px-2 py-1.5 text-xs text-muted">
            No ensemble row: the ensemble what-if below says why.
          </td>
        </tr>
      </tbody>
    );
  }
  return (
    <tbody className="border-t-2 border-border">
      {derived.map((row) => (
        <tr
          key={row.kind}
          className="border-t border-border italic"
          data-testid={`summary-${row.kind}-row`}
        >
          <th scope="row" className="px-2 py-1.5 text-left font-medium">
            {row.kind === 'ensemble' ? ENSEMBLE_LABEL : COMPOSITE_LABEL}
          </th>
          <td colSpan={4} className="px-2 py-1.5 text-xs text-muted not-italic">
            gain over {best ? best.label : 'the best single run'}, scored alone the same way
          </td>
          <td className="num px-2 py-1.5 not-italic" data-testid={`summary-${row.kind}-macro-f1`}>
            {formatScore(row.macroF1)}{' '}
            <span
              className={`text-xs ${row.gain !== null && row.gain < 0 ? 'text-danger' : 'text-muted'}`}
              data-testid={`summary-${row.kind}-gain`}
            >
              ({signed(row.gain)})
            </span>
          </td>
          <td className="num px-2 py-1.5 not-italic">
            {formatScore(row.rareClassF1)}{' '}
            <span
              className={`text-xs ${row.rareGain !== null && row.rareGain < 0 ? 'text-danger' : 'text-muted'}`}
            >
              ({signed(row.rareGain)})
            </span>
          </td>
          <td colSpan={COLUMNS - 7} />
        </tr>
      ))}
    </tbody>
  );
}

/**
 * What the Promote button reads, and nothing more: a client component's props go to the browser
 * whole, and at run time the run object holds every part's fields (its config among them);
 * fragment masking hides them from the types only.
 */
function promotableOf(run: FragmentType<typeof PromoteModelRunFragment>): PromoteModel_RunFragment {
  const { id, name, bestMacroF1, rareClassF1, project } = useFragment(PromoteModelRunFragment, run);
  return { id, name, bestMacroF1, rareClassF1, project: { id: project.id } };
}

export function CompareSummaryTable({
  runs: runRefs,
  choice,
}: {
  runs: readonly FragmentType<typeof CompareSummaryFragment>[];
  /** The ensemble's thresholds rule (the URL's `ens`), for the derived rows. */
  choice: EnsembleThresholdChoice;
}) {
  const runs = runRefs.map((ref) => useFragment(CompareSummaryFragment, ref));
  const rows = runSummaryRows(runs);
  const names = new Map(runs.map((run) => [run.id, run.name]));
  const ids = runs.map((run) => run.id);
  return (
    <section aria-labelledby="summary-heading" className="flex flex-col gap-2">
      <h2 id="summary-heading" className="text-base font-semibold">
        Summary
      </h2>
      {/* relative: the sr-only labels (absolutely placed) scroll with the table instead of
          widening the page at 1024 px. */}
      <div
        className="relative overflow-x-auto rounded-lg border border-border"
        tabIndex={0}
        role="region"
        aria-label="Summary of the compared runs (scrolls sideways)"
      >
        <table className="w-full border-collapse text-left text-sm" data-testid="summary-table">
          <caption className="sr-only">
            The compared runs with the scores of their best validation evaluation, then the ensemble
            of their probabilities and the best-per-class composite
          </caption>
          <thead className="bg-surface">
            <tr>
              <Th left>run</Th>
              <Th left>member</Th>
              <Th left>approach</Th>
              <Th left>model</Th>
              <Th left>loss</Th>
              <Th title="best validation evaluation">macro F1</Th>
              <Th title="the five rarest classes, same evaluation">rare-class F1</Th>
              <Th>best epoch</Th>
              <Th>duration</Th>
              <Th>images/s</Th>
              <Th left>backend</Th>
              <Th>
                <span className="sr-only">actions</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <RunRow
                key={row.id}
                row={row}
                index={index}
                promotable={runs[index]!.viewerCanPromote ? promotableOf(runs[index]!) : null}
              />
            ))}
          </tbody>
          {ids.length >= 2 ? (
            <Suspense
              fallback={
                <tbody>
                  <tr className="border-t border-border">
                    <td colSpan={COLUMNS} className="px-2 py-1.5 text-xs text-muted">
                      Computing the ensemble and the best-per-class composite…
                    </td>
                  </tr>
                </tbody>
              }
            >
              <DerivedRows ids={ids} names={names} choice={choice} />
            </Suspense>
          ) : null}
        </table>
      </div>
    </section>
  );
}
