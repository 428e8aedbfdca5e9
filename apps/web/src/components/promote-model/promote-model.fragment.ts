// What the Promote button reads of a run. Declared in this server-side sibling, not in the
// 'use client' file: graphql() reaches the generated map of every document of the app, which
// would otherwise ship in the browser bundle (see run/components/cooccurrence-heatmap.fragment.ts).
// The server component that renders the button unmasks the run with useFragment.
import { graphql } from '@/graphql/generated';

export const PromoteModelRunFragment = graphql(`
  fragment PromoteModel_Run on Run {
    id
    name
    bestMacroF1
    rareClassF1
    project {
      id
    }
  }
`);
