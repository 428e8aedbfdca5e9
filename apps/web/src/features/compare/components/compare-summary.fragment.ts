// What the compare page's summary table reads of each compared run (a row per run). The scores
// are the run's best validation evaluation's (the API's bestMacroF1 and the rare-class F1 of the
// same evaluation), as the runs table shows them. viewerCanPromote decides the row's Promote
// button (the API's answer: a succeeded run with a model file, the member's own or an admin).
import { graphql } from '@/graphql/generated';

export const CompareSummaryFragment = graphql(`
  fragment CompareSummary_Run on Run {
    id
    name
    approach
    status
    config
    owner {
      id
      name
    }
    bestMacroF1
    rareClassF1
    bestEpoch
    durationMs
    imagesPerSecond
    backend
    datasetFingerprint
    splitSeed
    viewerCanPromote
    ...PromoteModel_Run
  }
`);
