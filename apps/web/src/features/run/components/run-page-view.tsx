// The run page's layout: header, curves, per-class scores and co-occurrence, config and files.
// A server component: only the charts and controls below it are client components. The header
// is here when it renders (its query decided that the run exists); the details and the curves
// are promises of requests already under way, and what needs them streams in behind its own
// Suspense boundary with a placeholder meanwhile, so neither holds up the other or the header.
import Link from 'next/link';
import { Suspense, type ReactNode } from 'react';
import type { ApiResult } from '@/graphql/execute';
import { ProblemMessage } from '@/components/problem-message';
import { PromoteModelRunFragment } from '@/components/promote-model/promote-model.fragment';
import { PromoteModelButton } from '@/components/promote-model/promote-model-button';
import { CancelRunButton } from '@/components/cancel-run/cancel-run-button';
import type { RunViewState } from '@/features/run/lib/run-view';
import { EPOCH_BOUNDARY_KEYS } from '@/features/run/lib/curve-panels';
import { epochAxisFromSteps, epochOfBoundary, type EpochAxis } from '@/lib/charts/epoch-axis';
import { rareClassF1 } from '@hpa-lab/ml/rare-classes';
import { formatScore } from '@/lib/format';
import { cloneRunHref } from '@/lib/launch-href';
import {
  type RunCurves,
  type RunDetails,
  type RunHeaderRun,
  ShownEvaluationFragment,
} from '@/features/run/server/load-run-page';
import { useFragment } from '@/graphql/generated';
import type {
  RunStatus,
  ShownEvaluationFragment as ShownEvaluationFragmentType,
} from '@/graphql/generated/graphql';
import { ArtifactList } from './artifact-list';
import { ConfigTreeView } from './config-tree-view';
import { CooccurrenceHeatmap } from './cooccurrence-heatmap';
import { CooccurrenceHeatmapFragment } from './cooccurrence-heatmap.fragment';
import { LiveCurveCharts } from './live-curve-charts';
import { CurveChartsFragment } from './curve-charts.fragment';
import { EvaluationChooser } from './evaluation-chooser';
import { PerClassBars, perClassRowsOf, PerClassTable } from './per-class-section';
import { RunHeader } from './run-header';

type Loading<T> = Promise<ApiResult<T>>;
type LoadedDetails = NonNullable<RunDetails>;
type ShownEvaluation = ShownEvaluationFragmentType;

export function RunPageView({
  run,
  details,
  curves,
  view,
  now,
}: {
  run: RunHeaderRun;
  details: Loading<RunDetails>;
  curves: Loading<RunCurves>;
  view: RunViewState;
  now: Date;
}) {
  return (
    <div className="flex flex-col gap-6">
      <RunHeader
        run={run}
        now={now}
        actions={
          run.viewerCanCancel || run.viewerCanPromote || run.project.viewerCanLaunch ? (
            <div className="flex flex-wrap items-start gap-2">
              {run.project.viewerCanLaunch ? (
                <Link
                  href={cloneRunHref(run.id)}
                  className="rounded border border-border px-3 py-1 no-underline hover:bg-raised"
                >
                  Clone this run
                </Link>
              ) : null}
              {run.viewerCanPromote ? (
                <PromoteModelButton run={useFragment(PromoteModelRunFragment, run)} />
              ) : null}
              {run.viewerCanCancel ? <CancelRunButton runId={run.id} runName={run.name} /> : null}
            </div>
          ) : null
        }
      />

      <Suspense fallback={<CurvesLoading />}>
        <RunCurvesBlock runId={run.id} status={run.status} curves={curves} details={details} />
      </Suspense>

      <Suspense fallback={<DetailsLoading />}>
        <RunDetailsBlock details={details} curves={curves} view={view} />
      </Suspense>
    </div>
  );
}

async function RunDetailsBlock({
  details,
  curves,
  view,
}: {
  details: Loading<RunDetails>;
  curves: Loading<RunCurves>;
  view: RunViewState;
}) {
  const result = await details;
  if (!result.ok) return <ProblemMessage problem={result.problem} />;
  const run = result.data;
  if (!run) {
    return (
      <p role="status" className="rounded border border-border bg-surface px-3 py-2">
        This run was deleted while the page loaded.
      </p>
    );
  }
  const evaluations = run.evaluations.nodes;
  const best = run.bestEvaluation ?? null;
  const bestStep = best ? useFragment(ShownEvaluationFragment, best).step : null;
  const requestedMissing = view.evalStep !== null && !run.chosenEvaluation;
  const shownRef = (view.evalStep !== null ? run.chosenEvaluation : null) ?? best;
  const shown = shownRef ? useFragment(ShownEvaluationFragment, shownRef) : null;
  const rows = shown ? perClassRowsOf(shown) : [];

  return (
    <>
      <Section
        id="per-class"
        title="Per class"
        aside={
          shown ? (
            <>
              {/* Epoch numbers come from the curves' epoch boundaries: until they are here the
                  chooser and the summary speak in steps. */}
              <Suspense
                fallback={
                  <EvaluationAside run={run} shown={shown} bestStep={bestStep} epochAxis={null} />
                }
              >
                <EvaluationAsideWithEpochs
                  run={run}
                  shown={shown}
                  bestStep={bestStep}
                  curves={curves}
                />
              </Suspense>
              {run.evaluations.totalCount > evaluations.length ? (
                <span className="text-xs text-muted">
                  (the chooser lists the newest {evaluations.length} of {run.evaluations.totalCount}
                  )
                </span>
              ) : null}
            </>
          ) : null
        }
      >
        {requestedMissing ? (
          <p role="status" className="rounded border border-border bg-surface px-3 py-2">
            This run has no validation evaluation at step {view.evalStep}; showing the best one
            instead.
          </p>
        ) : null}
        {shown ? (
          <>
            <div className="grid grid-cols-1 gap-3 xl:grid-cols-[minmax(0,1fr)_auto]">
              <PerClassBars rows={rows} />
              <CooccurrenceHeatmap evaluation={useFragment(CooccurrenceHeatmapFragment, shown)} />
            </div>
            <PerClassTable rows={rows} />
          </>
        ) : (
          <p className="rounded-lg border border-border bg-surface px-3 py-2 text-muted">
            No validation evaluation yet. The trainer evaluates on the validation split at the end
            of every epoch; per-class scores appear here after the first one.
          </p>
        )}
      </Section>

      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <Section id="config" title="Configuration">
          <ConfigTreeView config={run.config} />
        </Section>
        <Section
          id="artifacts"
          title="Files"
          aside={<span className="text-muted">{run.artifacts.totalCount} stored</span>}
        >
          <ArtifactList artifacts={run.artifacts.nodes} />
        </Section>
      </div>
    </>
  );
}

/** Placeholder of the per-class section while the evaluations are on their way. */
function DetailsLoading() {
  return (
    <section aria-busy="true" className="flex flex-col gap-3">
      <p role="status" aria-live="polite" className="text-muted">
        Loading the per-class scores, configuration and files…
      </p>
      <div className="h-[40rem] animate-pulse rounded-lg bg-surface" />
    </section>
  );
}

/** Placeholder of the curve charts' size while their data is on its way. */
function CurvesLoading() {
  return (
    <section aria-labelledby="curves-heading" aria-busy="true" className="flex flex-col gap-3">
      <div className="flex items-center gap-4">
        <h2 id="curves-heading" className="text-base font-semibold">
          Curves
        </h2>
        <p role="status" aria-live="polite" className="text-muted">
          Loading the curves…
        </p>
      </div>
      <div className="grid grid-cols-1 gap-3 lg:grid-cols-2">
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="h-[17.5rem] animate-pulse rounded-lg bg-surface" />
        ))}
      </div>
    </section>
  );
}

async function RunCurvesBlock({
  runId,
  status,
  curves,
  details,
}: {
  runId: string;
  status: RunStatus;
  curves: Loading<RunCurves>;
  details: Loading<RunDetails>;
}) {
  // Both requests are already under way; the evaluations' steps are epoch boundaries too.
  const [result, detailsResult] = await Promise.all([curves, details]);
  if (!result.ok) return <ProblemMessage problem={result.problem} />;
  const evaluationSteps =
    detailsResult.ok && detailsResult.data
      ? detailsResult.data.evaluations.nodes.map((evaluation) => evaluation.step)
      : [];
  // A queued or running run's curves grow live; a finished run's are drawn as loaded.
  return (
    <LiveCurveCharts
      runId={runId}
      status={status}
      curves={useFragment(CurveChartsFragment, result.data)}
      evaluationSteps={evaluationSteps}
    />
  );
}

async function EvaluationAsideWithEpochs({
  curves,
  ...props
}: {
  run: LoadedDetails;
  shown: ShownEvaluation;
  bestStep: number | null;
  curves: Loading<RunCurves>;
}) {
  const result = await curves;
  const evaluationSteps = props.run.evaluations.nodes.map((evaluation) => evaluation.step);
  const epochAxis = epochAxisFromSteps([
    ...(result.ok ? result.data : [])
      .filter((curve) => EPOCH_BOUNDARY_KEYS.includes(curve.key))
      .map((curve) => curve.steps),
    evaluationSteps,
  ]);
  return <EvaluationAside {...props} epochAxis={epochAxis} />;
}

/** The evaluation chooser and the shown evaluation's scores (with epochs once they are known). */
function EvaluationAside({
  run,
  shown,
  bestStep,
  epochAxis,
}: {
  run: LoadedDetails;
  shown: ShownEvaluation;
  bestStep: number | null;
  epochAxis: EpochAxis | null;
}) {
  const options = [...run.evaluations.nodes]
    .sort((a, b) => a.step - b.step)
    .map((evaluation) => ({
      step: evaluation.step,
      epoch: epochAxis ? epochOfBoundary(epochAxis, evaluation.step) : null,
      macroF1: evaluation.macroF1,
    }));
  const shownEpoch = epochAxis ? epochOfBoundary(epochAxis, shown.step) : null;
  return (
    <>
      <EvaluationChooser options={options} selectedStep={shown.step} bestStep={bestStep} />
      <span className="text-muted" data-testid="evaluation-summary">
        {shownEpoch !== null ? `epoch ${shownEpoch}, ` : ''}step {shown.step}: macro F1{' '}
        <span className="num font-medium text-fg">{formatScore(shown.macroF1)}</span> · rare-class
        F1 <span className="num font-medium text-fg">{formatScore(rareClassF1(shown.f1))}</span>
      </span>
    </>
  );
}

function Section({
  id,
  title,
  aside,
  children,
}: {
  id: string;
  title: string;
  aside?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={`${id}-heading`} className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <h2 id={`${id}-heading`} className="text-base font-semibold">
          {title}
        </h2>
        {aside}
      </div>
      {children}
    </section>
  );
}
