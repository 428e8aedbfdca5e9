import type * as tf from '@tensorflow/tfjs';
import type { ValidationSplit } from '../config/pipeline-names.ts';
import type { EvaluationReport } from '../metrics/classification-metrics.ts';
import type { EpochSummary } from './train-model.ts';

/** One scalar of a curve; (key, step) is unique within a run. */
export interface MetricPoint {
  key: string;
  step: number;
  epoch: number;
  value: number;
}

export interface EvaluationEvent {
  epoch: number;
  step: number;
  split: ValidationSplit;
  report: EvaluationReport;
}

export interface BestModelEvent {
  epoch: number;
  step: number;
  model: tf.LayersModel;
  report: EvaluationReport;
  thresholds: number[];
}

/** Everything the trainer logs comes through these; each may be async (it is awaited). */
export interface TrainCallbacks {
  /** Per batch: train/loss, train/learning_rate. Per epoch: train/epoch_loss,
   * train/images_per_second, val/loss, val/macro_f1 (`METRIC_KEYS`, config/pipeline-names.ts). */
  onMetrics?(points: MetricPoint[]): void | Promise<void>;
  onEvaluation?(event: EvaluationEvent): void | Promise<void>;
  onBestModel?(event: BestModelEvent): void | Promise<void>;
  onEpochEnd?(summary: EpochSummary): void | Promise<void>;
}

/** The loss became NaN or infinite; the best checkpoint so far (if any) is kept. */
export class TrainingDivergedError extends Error {
  constructor(
    readonly epoch: number,
    readonly batch: number,
    readonly lossValue: number,
    readonly bestEpoch: number,
    readonly checkpointDir: string | undefined,
  ) {
    super(
      `loss became ${lossValue} at epoch ${epoch}, batch ${batch}; ` +
        (bestEpoch >= 0
          ? `the best model so far (epoch ${bestEpoch})${checkpointDir ? ` is kept in ${checkpointDir}` : ' is kept'}`
          : 'no epoch had completed, so there is no checkpoint'),
    );
    this.name = 'TrainingDivergedError';
  }
}
