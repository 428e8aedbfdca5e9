// What the compare page's per-class parts read of compareRuns: each run's name and the
// per-class arrays and co-occurrence matrix of its best validation evaluation. Kept out of the
// 'use client' files (graphql() reaches the generated map of every document of the app, which
// would then ship to the browser); the page's query spreads it into compareRuns.
import { graphql } from '@/graphql/generated';

export const PerClassCompareFragment = graphql(`
  fragment PerClassCompare_RunComparison on RunComparison {
    runs {
      id
      name
    }
    classScores {
      runId
      evaluation {
        id
        step
        macroF1
        f1
        support
        cooccurrence
      }
    }
  }
`);
