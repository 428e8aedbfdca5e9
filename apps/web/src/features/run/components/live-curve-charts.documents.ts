// The run page's live subscription (apps/api Subscription.runEvents). Declared here, in a
// server-side module, for codegen; the client component imports the generated document
// constant only, not graphql()'s map of every document.
import { graphql } from '@/graphql/generated';

export const RunLiveEventsDocument = graphql(`
  subscription RunLiveEvents($runId: ID!, $after: [MetricStepInput!], $afterStep: Int) {
    runEvents(runId: $runId, after: $after, afterStep: $afterStep) {
      run {
        status
      }
      points {
        key
        step
        value
      }
      evaluations {
        id
      }
      artifacts {
        id
      }
    }
  }
`);
