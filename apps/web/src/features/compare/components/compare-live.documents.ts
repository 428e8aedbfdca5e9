// The compare page's live subscription (apps/api Subscription.runEvents): a running run's new
// curve points and its status, nothing else (the page appends points; it does not refresh its
// scores). Declared in a server-side module for codegen; the client component imports the
// generated document constant only, not graphql()'s map of every document.
import { graphql } from '@/graphql/generated';

export const CompareLiveEventsDocument = graphql(`
  subscription CompareLiveEvents($runId: ID!, $after: [MetricStepInput!], $afterStep: Int) {
    runEvents(runId: $runId, after: $after, afterStep: $afterStep) {
      run {
        status
      }
      points {
        key
        step
        value
      }
    }
  }
`);
