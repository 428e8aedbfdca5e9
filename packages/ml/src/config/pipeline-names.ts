// Names every part of the pipeline must spell the same way: the trainer logs with them, the
// API stores and defaults to them, the dashboard asks for them. Defined here, in the entry a
// browser may load (`@hpa-lab/ml/config`), because packages/ml itself uses them and
// @hpa-lab/contracts depends on packages/ml, not the other way round.

/** The data split the trainer evaluates every epoch on, and whose macro F1 ranks runs. */
export const VALIDATION_SPLIT = 'val';
export type ValidationSplit = typeof VALIDATION_SPLIT;

/** The scalar curves the training loop logs (`MetricPoint.key`). */
export const METRIC_KEYS = {
  /** Per batch: the training loss. */
  trainLoss: 'train/loss',
  /** Per batch: the learning rate the optimizer used. */
  learningRate: 'train/learning_rate',
  /** Per epoch: the mean training loss of the epoch. */
  trainEpochLoss: 'train/epoch_loss',
  /** Per epoch: training throughput (images per second of training time). */
  imagesPerSecond: 'train/images_per_second',
  /** Per epoch: the validation loss. */
  validationLoss: 'val/loss',
  /** Per epoch: the validation macro F1. */
  validationMacroF1: 'val/macro_f1',
} as const;
export type MetricKeyName = (typeof METRIC_KEYS)[keyof typeof METRIC_KEYS];

/** The curves logged once per epoch, at the step that ends it: their steps are epoch boundaries. */
export const EPOCH_METRIC_KEYS: readonly MetricKeyName[] = [
  METRIC_KEYS.trainEpochLoss,
  METRIC_KEYS.imagesPerSecond,
  METRIC_KEYS.validationLoss,
  METRIC_KEYS.validationMacroF1,
];

/** A run's life, in order (the GraphQL enum `RunStatus`, whose spelling this is). */
export const RUN_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type RunStatusName = (typeof RUN_STATUSES)[number];

/** The states a run ends in; nothing moves a run out of them. */
export const TERMINAL_RUN_STATUSES = [
  'SUCCEEDED',
  'FAILED',
  'CANCELLED',
] as const satisfies readonly RunStatusName[];
export type TerminalRunStatusName = (typeof TERMINAL_RUN_STATUSES)[number];

const terminal: ReadonlySet<string> = new Set(TERMINAL_RUN_STATUSES);

export function isTerminalRunStatus(status: string): status is TerminalRunStatusName {
  return terminal.has(status);
}
