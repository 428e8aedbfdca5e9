// The runs table's data: one page of runs, filtered and sorted by the API.
import 'server-only';
import { execute } from '../../../graphql/execute';
import { graphql } from '../../../graphql/generated';

export const RunsPageDocument = graphql(`
  query RunsPage($first: Int!) {
    runs(first: $first) {
      totalCount
      nodes {
        id
        name
        approach
        status
        tags
        bestMacroF1
        createdAt
        owner {
          id
          name
        }
      }
    }
  }
`);

export function listRuns(first: number) {
  return execute(RunsPageDocument, { first });
}
