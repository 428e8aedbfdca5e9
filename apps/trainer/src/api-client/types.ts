// The API's inputs and results as the trainer uses them, generated from apps/api/schema.graphql
// and the trainer's documents (./operations.ts) by GraphQL Code Generator: none is written by
// hand, so they cannot drift from the schema.
import type {
  ArtifactFieldsFragment,
  ProjectsQuery,
  RunFieldsFragment,
  RunStatusQuery,
} from '../generated/graphql.ts';

export type {
  ArtifactKind,
  CreateRunInput,
  FinishStatus,
  LogEvaluationInput,
  MetricPointInput,
  PerClassInput,
  RunStatus,
} from '../generated/graphql.ts';

/** Where a run stands: its status and, once finished, why (a member's cancel reason). */
export type RunState = NonNullable<RunStatusQuery['run']>;

/** The fields of a run the trainer reads (the RunFields fragment). */
export type RunSummary = RunFieldsFragment;

export type ProjectSummary = ProjectsQuery['projects'][number];

/** What startRun records besides the status: where it trains and on which validation set. */
export interface StartRunDetails {
  backend?: string;
  device?: string;
  /** The prepared cache's fingerprint; the API refuses one that contradicts a pinned one. */
  datasetFingerprint?: string;
  splitSeed?: number;
}

/** The artifact JSON of `PUT /artifacts/runs/<runId>/<name>` (the ArtifactFields fragment). */
export type ArtifactInfo = ArtifactFieldsFragment;
