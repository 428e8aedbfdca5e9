// A client component's fragment lives in this server-side sibling, not in its 'use client'
// file: graphql() reaches the generated map of every document of the app (the e2e seeds'
// mutations included), which would then ship in the browser bundle. The server component that
// renders it unmasks the data with useFragment and hands it over typed by the generated
// fragment type.
import { graphql } from '@/graphql/generated';

// What the charts read of each curve; the page's compareRuns query spreads it.
export const CurveChartsFragment = graphql(`
  fragment CurveCharts_Curve on CurveComparison {
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
`);
