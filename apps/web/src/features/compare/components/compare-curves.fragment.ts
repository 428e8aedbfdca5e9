// What the compare page's overlaid curves read of compareRuns: the runs (their order picks each
// one's colour; metricKeys feed the key picker; a run still queued or running gets its new
// points live) and every requested key's buckets. Kept out of
// the 'use client' file (graphql() reaches the generated map of every document of the app,
// which would then ship to the browser); the page unmasks it and hands the data over typed.
import { graphql } from '@/graphql/generated';

export const CompareCurvesFragment = graphql(`
  fragment CompareCurves_RunComparison on RunComparison {
    runs {
      id
      name
      status
      metricKeys
    }
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
`);
