// The run page's data: the run with its evaluations and files, and its curves, as two requests
// sent side by side (compareRuns answers NOT_FOUND for a missing run, which must not hide the
// run query's plain null). Only the evaluation shown per class comes with its 28x28 matrix; the
// chooser gets step and macro F1 of the others.
import 'server-only';
import { cache } from 'react';
import { execute, type ApiResult } from '../../../graphql/execute';
import { graphql } from '../../../graphql/generated';
import type { RunCurvesQuery, RunPageQuery } from '../../../graphql/generated/graphql';
import { CURVE_KEYS } from '../lib/curve-panels';

// Evaluations and artifacts come in one page of the API's largest size (200): the chooser
// offers the newest 200 evaluations of a longer run, and says so.
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

export const RunPageDocument = graphql(`
  query RunPage($id: ID!, $evalStep: Int!, $withStep: Boolean!) {
    run(id: $id) {
      id
      name
      approach
      tags
      status
      config
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

export type RunPageRun = NonNullable<RunPageQuery['run']>;
export type RunCurves = RunCurvesQuery['compareRuns']['curves'];

export interface RunPageData {
  run: RunPageRun | null;
  curves: RunCurves;
}

/**
 * Loads everything the page shows; cached per request so generateMetadata and the page share
 * one round trip. `evalStep` null = the best evaluation only.
 */
export const loadRunPage = cache(
  async (id: string, evalStep: number | null): Promise<ApiResult<RunPageData>> => {
    const [page, curves] = await Promise.all([
      execute(RunPageDocument, {
        id,
        evalStep: evalStep ?? 0,
        withStep: evalStep !== null,
      }),
      execute(RunCurvesDocument, { ids: [id], keys: [...CURVE_KEYS], maxPoints: CURVE_POINTS }),
    ]);
    if (!page.ok) return page;
    if (!page.data.run) return { ok: true, data: { run: null, curves: [] } };
    if (!curves.ok) return curves;
    return { ok: true, data: { run: page.data.run, curves: curves.data.compareRuns.curves } };
  },
);
