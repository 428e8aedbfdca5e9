// The run page's data as three requests sent side by side: the header (awaited before the first
// byte, it decides between the page and a 404), the details (evaluations, config, files) and the
// curves (both streamed). compareRuns answers NOT_FOUND for a missing run, which must not hide
// the run query's plain null. Only the evaluation shown per class comes with its 28x28 matrix;
// the chooser gets step and macro F1 of the others.
import 'server-only';
import { VALIDATION_SPLIT } from '@hpa-lab/ml/config';
import { cache } from 'react';
import { execute, type ApiResult } from '@/graphql/execute';
import { graphql } from '@/graphql/generated';
import type { RunCurvesQuery, RunDetailsQuery, RunHeaderQuery } from '@/graphql/generated/graphql';
import { CURVE_KEYS } from '@/features/run/lib/curve-panels';

/** Buckets per curve: past a chart's width in pixels there is nothing more to see. */
const CURVE_POINTS = 500;

// The evaluation the per-class section shows: its summary here, the rest as the fragments of
// the bars and table and of the heatmap.
export const ShownEvaluationFragment = graphql(`
  fragment ShownEvaluation on Evaluation {
    id
    step
    macroF1
    f1
    ...PerClassSection_Evaluation
    ...CooccurrenceHeatmap_Evaluation
  }
`);
// What the page needs before its first byte: the header, and whether the run exists at all.
export const RunHeaderDocument = graphql(`
  query RunHeader($id: ID!) {
    run(id: $id) {
      id
      name
      status
      viewerCanCancel
      viewerCanPromote
      project {
        id
        viewerCanLaunch
      }
      ...RunHeader_Run
      ...PromoteModel_Run
    }
  }
`);

// Everything below the curves: evaluations (per class, the chooser), config and files.
// Evaluations and artifacts come in one page of the API's largest size (200): the chooser
// offers the newest 200 evaluations of a longer run, and says so.
export const RunDetailsDocument = graphql(`
  query RunDetails($id: ID!, $split: String!, $evalStep: Int!, $withStep: Boolean!) {
    run(id: $id) {
      id
      config
      evaluations(split: $split, first: 200) {
        totalCount
        nodes {
          id
          step
          split
          macroF1
        }
      }
      bestEvaluation(split: $split) {
        ...ShownEvaluation
      }
      chosenEvaluation: evaluation(step: $evalStep, split: $split) @include(if: $withStep) {
        ...ShownEvaluation
      }
      artifacts(first: 200) {
        totalCount
        nodes {
          ...ArtifactList_Artifact
        }
      }
    }
  }
`);

export const RunCurvesDocument = graphql(`
  query RunCurves($ids: [ID!]!, $keys: [String!]!, $maxPoints: Int!) {
    compareRuns(ids: $ids, keys: $keys, maxPoints: $maxPoints) {
      curves {
        key
        steps
        ...CurveCharts_Curve
      }
    }
  }
`);

export type RunHeaderRun = NonNullable<RunHeaderQuery['run']>;
export type RunDetails = RunDetailsQuery['run'];
export type RunCurves = RunCurvesQuery['compareRuns']['curves'];

/**
 * The run's header (null when no run has this id), cached per request so generateMetadata and
 * the page share one round trip. The page awaits only this before its first byte: a missing run
 * must be able to answer 404, and a small query keeps that wait short.
 */
export const loadRun = cache(async (id: string): Promise<ApiResult<RunHeaderRun | null>> => {
  const result = await execute(RunHeaderDocument, { id });
  return result.ok ? { ok: true, data: result.data.run ?? null } : result;
});

/**
 * Evaluations, config and files (null if the run vanished since the header's request).
 * `evalStep` null = the best evaluation only. Streamed behind Suspense.
 */
export const loadRunDetails = cache(
  async (id: string, evalStep: number | null): Promise<ApiResult<RunDetails>> => {
    const result = await execute(RunDetailsDocument, {
      id,
      split: VALIDATION_SPLIT,
      evalStep: evalStep ?? 0,
      withStep: evalStep !== null,
    });
    return result.ok ? { ok: true, data: result.data.run ?? null } : result;
  },
);

/**
 * The run's curves, cached per request. The page starts this request beside the others and
 * streams what needs it behind Suspense; only an existing run's curves are ever rendered, so
 * compareRuns' NOT_FOUND for a missing run is never shown.
 */
export const loadRunCurves = cache(async (id: string): Promise<ApiResult<RunCurves>> => {
  const curves = await execute(RunCurvesDocument, {
    ids: [id],
    keys: [...CURVE_KEYS],
    maxPoints: CURVE_POINTS,
  });
  return curves.ok ? { ok: true, data: curves.data.compareRuns.curves } : curves;
});
