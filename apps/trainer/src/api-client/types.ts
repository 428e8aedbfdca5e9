// The shapes of the API's inputs and results as the trainer uses them (a subset of
// apps/api/schema.graphql).

export type RunStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
export type FinishStatus = 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
export type ArtifactKind = 'MODEL' | 'CHECKPOINT' | 'PREDICTIONS' | 'SUBMISSION' | 'LOG';

export interface RunSummary {
  id: string;
  name: string;
  status: RunStatus;
  errorMessage: string | null;
  datasetFingerprint: string | null;
  splitSeed: number | null;
  backend: string | null;
  device: string | null;
}

/** What startRun records besides the status: where it trains and on which validation set. */
export interface StartRunDetails {
  backend?: string;
  device?: string;
  /** The prepared cache's fingerprint; the API refuses one that contradicts a pinned one. */
  datasetFingerprint?: string;
  splitSeed?: number;
}

export interface ProjectSummary {
  id: string;
  slug: string;
  name: string;
}

export interface CreateRunInput {
  projectId: string;
  name: string;
  approach?: string;
  tags?: string[];
  config: unknown;
  datasetFingerprint?: string;
  splitSeed?: number;
  backend?: string;
  device?: string;
  gitCommit?: string;
}

export interface MetricPointInput {
  key: string;
  step: number;
  value: number;
  /** ISO-8601; the API uses the request time when absent. */
  wallTime?: string;
}

export interface PerClassInput {
  f1: number[];
  precision: number[];
  recall: number[];
  support: number[];
  threshold: number[];
  tp: number[];
  fp: number[];
  fn: number[];
  tn: number[];
}

export interface LogEvaluationInput {
  runId: string;
  step: number;
  split: string;
  macroF1: number;
  perClass: PerClassInput;
  cooccurrence: number[][];
}

export interface ArtifactInfo {
  id: string;
  runId: string;
  kind: ArtifactKind;
  name: string;
  bytes: number;
  sha256: string;
  /** Path relative to the API's origin. */
  downloadUrl: string;
}
