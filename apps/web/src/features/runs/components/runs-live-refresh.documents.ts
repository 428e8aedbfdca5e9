// The runs table's live subscription (apps/api Subscription.projectRunChanges, every project).
// Declared server-side for codegen; the client component imports the generated constant only.
import { graphql } from '@/graphql/generated';

export const RunsLiveChangesDocument = graphql(`
  subscription RunsLiveChanges {
    projectRunChanges {
      created
      run {
        id
        status
      }
    }
  }
`);
