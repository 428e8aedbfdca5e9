// The protocol between a run's orchestrator (which owns the API connection, heartbeats and the
// queue lock) and the training child process (which owns tfjs and the CPU). Plain JSON over
// Node's IPC channel.
import type { BackendChoice, EpochSummary, EvaluationReport, TrainConfig } from '@hpa-lab/ml';

export interface TrainingRequest {
  config: TrainConfig;
  /** HPA_LAB_HOME: generated data and caches go under it. */
  home: string;
  /** Folder of this run's files (checkpoint, model, predictions). */
  workDir: string;
  /** Overrides config.backend (HPA_TRAINER_BACKEND). */
  forceBackend?: BackendChoice;
  /** A Kaggle test folder to predict after training. */
  testDir?: string;
  logLevel: string;
}

export type ParentMessage = { type: 'train'; request: TrainingRequest } | { type: 'cancel' };

export interface ChildMetricPoint {
  key: string;
  step: number;
  value: number;
  wallTime: string;
}

export interface TrainingResultMessage {
  stopReason: 'completed' | 'early-stopping' | 'cancelled';
  bestEpoch: number;
  bestMacroF1: number;
  /** Batches trained. */
  steps: number;
  /** CPU seconds (user + system, every thread of the child) spent in trainModel: what a run
   * costs on a shared CPU, where wall time depends on the other jobs. */
  trainingCpuSeconds: number;
  /** Batches that ended after the cancel request reached the child (at most the one in
   * flight: the loop checks at every batch boundary); null when no cancel came. */
  stepsAfterCancel: number | null;
  /** Saved best model (model.json, weights.bin, thresholds.json, train-config.json). */
  modelDir: string | null;
  predictions: { submissionCsv: string; probabilitiesCsv: string; count: number } | null;
  /** The best epoch's validation probabilities (@hpa-lab/contracts' format), for ensembles;
   * null when the run kept no best epoch or was cancelled. */
  validationProbabilities: string | null;
}

export type ChildMessage =
  | {
      type: 'backend';
      name: string;
      threads: number;
      skipped: string[];
      /** What the convolutions compute in ('bfloat16' only where the config asked for it). */
      precision: 'float32' | 'bfloat16';
    }
  | { type: 'progress'; stage: 'generating' | 'caching'; done: number; total: number }
  | {
      type: 'dataset';
      fingerprint: string;
      splitSeed: number;
      samples: number;
      trainSamples: number;
      validationSamples: number;
      indexPath: string;
    }
  | { type: 'metrics'; points: ChildMetricPoint[] }
  | { type: 'evaluation'; epoch: number; step: number; report: EvaluationReport }
  | { type: 'epoch'; summary: EpochSummary; epochs: number }
  | { type: 'finished'; result: TrainingResultMessage }
  | { type: 'failed'; error: { name: string; message: string; stack?: string } };
