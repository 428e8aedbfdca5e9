// The ensemble what-if of the compared runs: the mean of their validation probabilities and
// the best-per-class composite, under the thresholds rule chosen in the URL. Two requests side
// by side, apart from the page's own: the API refuses runs on different data or without stored
// probabilities, and that refusal must stay a message in the ensemble's section while the rest
// of the page works. Cached per request: the section and the heatmap's rows share one answer.
import 'server-only';
import { cache } from 'react';
import type { EnsembleThresholdChoice } from '@/features/compare/lib/per-class-url';
import { execute, type ApiResult } from '@/graphql/execute';
import { EnsembleResultFragment } from '@/features/compare/components/ensemble.fragment';
import { graphql, useFragment } from '@/graphql/generated';
import type {
  EnsembleResult_EnsembleEvaluationFragment,
  EnsembleThresholds,
} from '@/graphql/generated/graphql';

const EnsembleDocument = graphql(`
  query CompareEnsemble($ids: [ID!]!, $thresholds: EnsembleThresholds!) {
    ensembleEvaluation(runIds: $ids, thresholds: $thresholds) {
      ...EnsembleResult_EnsembleEvaluation
    }
  }
`);

const CompositeDocument = graphql(`
  query CompareComposite($ids: [ID!]!, $thresholds: EnsembleThresholds!) {
    bestPerClassComposite(runIds: $ids, thresholds: $thresholds) {
      ...EnsembleResult_EnsembleEvaluation
    }
  }
`);

export const THRESHOLDS_OF_CHOICE: Record<EnsembleThresholdChoice, EnsembleThresholds> = {
  global: 'GLOBAL',
  'cross-fitted': 'PER_CLASS_CROSS_FITTED',
};

export type EnsembleResult = EnsembleResult_EnsembleEvaluationFragment;

export interface EnsembleAnswers {
  ensemble: ApiResult<EnsembleResult>;
  composite: ApiResult<EnsembleResult>;
}

/** Keyed by a string: React's cache compares arguments by identity. */
const loadByKey = cache(async (key: string): Promise<EnsembleAnswers> => {
  const [choice, joined] = key.split('|') as [EnsembleThresholdChoice, string];
  const variables = { ids: joined.split(','), thresholds: THRESHOLDS_OF_CHOICE[choice] };
  const [ensemble, composite] = await Promise.all([
    execute(EnsembleDocument, variables),
    execute(CompositeDocument, variables),
  ]);
  // Unmasked here: the section and the heatmap's rows both read the fragment's fields.
  return {
    ensemble: ensemble.ok
      ? { ok: true, data: useFragment(EnsembleResultFragment, ensemble.data.ensembleEvaluation) }
      : ensemble,
    composite: composite.ok
      ? {
          ok: true,
          data: useFragment(EnsembleResultFragment, composite.data.bestPerClassComposite),
        }
      : composite,
  };
});

export function loadEnsemble(
  runIds: readonly string[],
  choice: EnsembleThresholdChoice,
): Promise<EnsembleAnswers> {
  return loadByKey(`${choice}|${runIds.join(',')}`);
}
