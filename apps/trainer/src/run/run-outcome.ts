// What executeRun returns: how the run ended on the server and what it left behind.
import type { ArtifactInfo, FinishStatus } from '../api-client/index.ts';

export interface RunOutcome {
  status: FinishStatus;
  errorMessage: string | null;
  bestEpoch: number;
  bestMacroF1: number;
  artifacts: ArtifactInfo[];
  metricPoints: number;
}
