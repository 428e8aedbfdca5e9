// Validation: probabilities for a set of samples, thresholds by the configured mode, and the
// structured evaluation report the API stores.
import * as tf from '@tensorflow/tfjs';
import { inferenceRunner } from '../inference-plan/index.ts';
import type { ThresholdMode } from '../config/train-config.ts';
import { NUM_CLASSES } from '../data/classes.ts';
import type { EvaluationReport } from '../metrics/classification-metrics.ts';
import { evaluate } from '../metrics/classification-metrics.ts';
import {
  globalThresholds,
  labelRatioThresholds,
  tunePerClassThresholds,
} from '../metrics/thresholds.ts';
import type { LossFn } from '../losses/losses.ts';
import type { BatchSource } from './batch-source.ts';
import { channelCount, toInputTensor } from './batch-source.ts';

export interface InputSpec {
  inputSize: number;
  channelIndices: readonly number[];
  batchSize: number;
}

export function labelsOf(source: BatchSource, indices: readonly number[]): Uint8Array {
  const out = new Uint8Array(indices.length * NUM_CLASSES);
  indices.forEach((index, k) =>
    out.set(
      source.labels.subarray(index * NUM_CLASSES, (index + 1) * NUM_CLASSES),
      k * NUM_CLASSES,
    ),
  );
  return out;
}

/** Sigmoid outputs for `indices` (inference mode), row-major [indices.length * 28]. */
export async function predictProbabilities(
  model: tf.LayersModel,
  source: BatchSource,
  indices: readonly number[],
  spec: InputSpec,
  loss?: LossFn,
): Promise<{ probabilities: Float32Array; meanLoss: number }> {
  const probabilities = new Float32Array(indices.length * NUM_CLASSES);
  let lossSum = 0;
  // Compiled per call: the weights may have changed since the last one (evaluation each epoch).
  const runner = inferenceRunner(model);
  const sampleBytes = source.size * source.size * channelCount(source);
  const buffer = new Uint8Array(Math.min(spec.batchSize, indices.length) * sampleBytes);
  try {
    for (let start = 0; start < indices.length; start += spec.batchSize) {
      const batch = indices.slice(start, start + spec.batchSize);
      const pixels = source.readBatch(batch, buffer.subarray(0, batch.length * sampleBytes));
      const { probs, batchLoss } = tf.tidy(() => {
        const x = toInputTensor(
          pixels,
          batch.length,
          source.size,
          channelCount(source),
          spec.channelIndices,
          spec.inputSize,
        );
        const y = runner.run(x as tf.Tensor4D);
        const l = loss
          ? loss(tf.tensor2d(labelsOf(source, batch), [batch.length, NUM_CLASSES], 'float32'), y)
          : undefined;
        return { probs: y, batchLoss: l };
      });
      probabilities.set(await probs.data(), start * NUM_CLASSES);
      if (batchLoss) lossSum += (await batchLoss.data())[0]! * batch.length;
      tf.dispose([probs, batchLoss].filter((t) => t !== undefined));
    }
  } finally {
    runner.dispose();
  }
  return { probabilities, meanLoss: indices.length === 0 ? 0 : lossSum / indices.length };
}

export function chooseThresholds(
  mode: ThresholdMode,
  globalValue: number,
  truth: Uint8Array,
  probabilities: Float32Array,
  trainPositiveRate: ArrayLike<number>,
): number[] {
  switch (mode) {
    case 'global':
      return globalThresholds(globalValue, NUM_CLASSES);
    case 'per-class':
      return tunePerClassThresholds(truth, probabilities, NUM_CLASSES, globalValue);
    case 'label-ratio':
      return labelRatioThresholds(probabilities, trainPositiveRate, globalValue);
  }
}

export interface SplitEvaluation {
  report: EvaluationReport;
  thresholds: number[];
  meanLoss: number;
  probabilities: Float32Array;
}

export async function evaluateSplit(
  model: tf.LayersModel,
  source: BatchSource,
  indices: readonly number[],
  spec: InputSpec,
  thresholdMode: ThresholdMode,
  globalThreshold: number,
  trainPositiveRate: ArrayLike<number>,
  loss?: LossFn,
): Promise<SplitEvaluation> {
  const { probabilities, meanLoss } = await predictProbabilities(
    model,
    source,
    indices,
    spec,
    loss,
  );
  const truth = labelsOf(source, indices);
  const thresholds = chooseThresholds(
    thresholdMode,
    globalThreshold,
    truth,
    probabilities,
    trainPositiveRate,
  );
  return {
    report: evaluate(truth, probabilities, thresholds),
    thresholds,
    meanLoss,
    probabilities,
  };
}
