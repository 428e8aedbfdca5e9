// The run page's data as three requests sent side by side: the header (awaited before the first
// byte, it decides between the page and a 404), the details (evaluations, config, files) and the
// curves (both streamed). compareRuns answers NOT_FOUND for a missing run, which must not hide
// the run query's plain null. Only the evaluation shown per class comes with its 28x28 matrix;
// the chooser gets step and macro F1 of the others.
import 'server-only';
import { cache } from 'react';
import { execute, type ApiResult } from '../../../graphql/execute';
import { graphql } from '../../../graphql/generated';
import type {
  RunCurvesQuery,
  RunDetailsQuery,
  RunHeaderQuery,
} from '../../../graphql/generated/graphql';
import { CURVE_KEYS } from '../lib/curve-panels';

/** Buckets per curve: past a chart's width in pixels there is nothing more to see. */
const CURVE_POINTS = 500;

export const EvaluationDetailFragment = graphql(`
  fragment EvaluationDetail on Evaluation {
    id
    step
    split
    macroF1
    f1
    precision
    recall
    support
    threshold
    tp
    fp
    fn
    tn
    cooccurrence
  }
`);

// What the page needs before its first byte: the header, and whether the run exists at all.
export const RunHeaderDocument = graphql(`
  query RunHeader($id: ID!) {
    run(id: $id) {
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
      viewerCanCancel
      owner {
        id
        name
        email
      }
      project {
        id
        name
        slug
      }
    }
  }
`);

// Everything below the curves: evaluations (per class, the chooser), config and files.
// Evaluations and artifacts come in one page of the API's largest size (200): the chooser
// offers the newest 200 evaluations of a longer run, and says so.
export const RunDetailsDocument = graphql(`
  query RunDetails($id: ID!, $evalStep: Int!, $withStep: Boolean!) {
    run(id: $id) {
      id
      config
      evaluations(split: "val", first: 200) {
        totalCount
        nodes {
          id
          step
          split
          macroF1
        }
      }
      bestEvaluation(split: "val") {
        ...EvaluationDetail
      }
      chosenEvaluation: evaluation(step: $evalStep, split: "val") @include(if: $withStep) {
        ...EvaluationDetail
      }
      artifacts(first: 200) {
        totalCount
        nodes {
          id
          kind
          name
          bytes
          sha256
          createdAt
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
        series {
          runId
          values
          min
          max
          rawPointCount
        }
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
