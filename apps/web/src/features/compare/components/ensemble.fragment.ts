// What the compare page reads of an ensemble what-if (ensembleEvaluation and
// bestPerClassComposite answer the same type): the scores, the gain over the best single run,
// each member alone, and per class the F1 (the heatmap's derived rows) and the winning run.
import { graphql } from '@/graphql/generated';

export const EnsembleResultFragment = graphql(`
  fragment EnsembleResult_EnsembleEvaluation on EnsembleEvaluation {
    runIds
    thresholds
    sampleCount
    macroF1
    rareClassF1
    f1
    support
    members {
      runId
      macroF1
      rareClassF1
    }
    bestSingleRunId
    gain
    classWinners {
      classId
      runId
    }
  }
`);
