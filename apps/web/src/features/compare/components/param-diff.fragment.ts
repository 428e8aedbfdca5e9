// What the hyperparameter table reads of compareRuns: each run's stored config (flattened on
// the page to show every parameter) and the paths whose values the API found to differ (its
// one definition of "differs"). Beside the 'use client' table, as the other fragments.
import { graphql } from '@/graphql/generated';

export const ParamDiffFragment = graphql(`
  fragment ParamDiff_RunComparison on RunComparison {
    runs {
      id
      name
      config
    }
    parameterDifferences {
      path
    }
  }
`);
