// The training loop every run uses: epochs over a BatchSource with the configured sampler and
// augmentation, Adam with warm-up + schedule, validation each epoch, early stopping on
// validation macro F1 with the best epoch's weights kept, cancellation between batches.
import * as tf from '@tensorflow/tfjs';
import { METRIC_KEYS, VALIDATION_SPLIT } from '../config/pipeline-names.ts';
import type { TrainConfig } from '../config/train-config.ts';
import { adam } from './fused-adam.ts';
import { augmentBatch } from '../data/augment.ts';
import { NUM_CLASSES } from '../data/classes.ts';
import {
  labelSetSampler,
  oversamplingSampler,
  uniformSampler,
  type EpochSampler,
} from '../data/samplers.ts';
import { datasetSplit, type TrainValidationSplit } from '../data/stratify.ts';
import { saveModel } from '../io/model-files.ts';
import { makeLoss } from '../losses/make-loss.ts';
import type { EvaluationReport } from '../metrics/classification-metrics.ts';
import { buildModel } from '../models/build-model.ts';
import type { BatchSource } from './batch-source.ts';
import { channelCount, selectChannels, toInputTensor } from './batch-source.ts';
import { evaluateSplit, labelsOf } from './evaluate-split.ts';
import { learningRateAt } from './schedule.ts';
import type { MetricPoint, TrainCallbacks } from './train-events.ts';
import { TrainingDivergedError } from './train-events.ts';

export interface TrainOptions {
  config: TrainConfig;
  source: BatchSource;
  /** Sample indices of each part; default a stratified split from config.dataset. */
  split?: TrainValidationSplit;
  callbacks?: TrainCallbacks;
  /** Checked between batches; an aborted run stops and returns its best epoch so far. */
  signal?: AbortSignal;
  /** When set, the best model so far is saved here at every improvement. */
  checkpointDir?: string;
}

export interface EpochSummary {
  epoch: number;
  step: number;
  trainLoss: number;
  validationLoss: number;
  validationMacroF1: number;
  learningRate: number;
  imagesPerSecond: number;
  seconds: number;
}

export interface TrainResult {
  /** The model holding the best epoch's weights. */
  model: tf.LayersModel;
  bestEpoch: number;
  bestMacroF1: number;
  bestEvaluation: EvaluationReport | null;
  /** The training step that ended the best epoch (its evaluation's step); -1 without one. */
  bestStep: number;
  /**
   * The best epoch's sigmoid outputs on the validation samples, row-major in the order of
   * `split.validation` (x 28): what an ensemble of runs averages. Null without a best epoch.
   */
  bestValidationProbabilities: Float32Array | null;
  thresholds: number[];
  stopReason: 'completed' | 'early-stopping' | 'cancelled';
  history: EpochSummary[];
  split: TrainValidationSplit;
}

function makeSampler(config: TrainConfig, trainLabels: Uint8Array, count: number): EpochSampler {
  const seed = `${config.seed}|sampler`;
  if (config.sampler.name === 'uniform') return uniformSampler({ count, seed });
  if (config.sampler.name === 'label-set') {
    return labelSetSampler(trainLabels, {
      cap: config.sampler.maxWeight,
      power: config.sampler.power,
      seed,
    });
  }
  return oversamplingSampler(trainLabels, {
    cap: config.sampler.maxWeight,
    power: config.sampler.power,
    seed,
  });
}

function positiveCounts(labels: Uint8Array): number[] {
  const counts = new Array<number>(NUM_CLASSES).fill(0);
  for (let i = 0; i < labels.length; i++) if (labels[i]! > 0) counts[i % NUM_CLASSES]! += 1;
  return counts;
}

function setLearningRate(optimizer: tf.Optimizer, value: number): void {
  // Adam reads this field at every applyGradients; the class only declares it protected.
  (optimizer as unknown as { learningRate: number }).learningRate = value;
}

export async function trainModel(options: TrainOptions): Promise<TrainResult> {
  const { config, source, callbacks = {}, signal } = options;
  const split = options.split ?? datasetSplit(source.labels, config.dataset);
  if (split.train.length === 0 || split.validation.length === 0) {
    throw new Error(
      `dataset: the split needs training and validation samples (got ${split.train.length}/${split.validation.length})`,
    );
  }
  const channelIndices = selectChannels(source, config.channels);
  const storedChannels = channelCount(source);
  const trainLabels = labelsOf(source, split.train);
  const counts = positiveCounts(trainLabels);
  const trainPositiveRate = counts.map((c) => c / split.train.length);
  const loss = makeLoss(config.loss, { positiveCounts: counts, sampleCount: split.train.length });
  const sampler = makeSampler(config, trainLabels, split.train.length);
  const batchSize = Math.min(config.batchSize, sampler.epochSize);
  const fullSteps = Math.max(1, Math.floor(sampler.epochSize / batchSize));
  const stepsPerEpoch =
    config.stepsPerEpoch > 0 ? Math.min(config.stepsPerEpoch, fullSteps) : fullSteps;
  const spec = { inputSize: config.inputSize, channelIndices, batchSize: Math.max(batchSize, 32) };

  // One buffer for the batch as read and one for its augmented copy, reused every step:
  // fresh megabyte-sized arrays each batch kept V8's collector running full collections.
  const batchBytes = batchSize * source.size * source.size * storedChannels;
  const readBuffer = new Uint8Array(batchBytes);
  const augmentBuffer = new Uint8Array(batchBytes);
  const model = buildModel(config);
  const optimizer = adam(config.optimizer.learningRate);
  let bestWeights: tf.Tensor[] | null = null;
  let bestEpoch = -1;
  let bestMacroF1 = -Infinity;
  let bestEvaluation: EvaluationReport | null = null;
  let bestStep = -1;
  let bestValidationProbabilities: Float32Array | null = null;
  let bestThresholds: number[] = new Array<number>(NUM_CLASSES).fill(config.thresholds.global);
  let sinceImprovement = 0;
  let stopReason: TrainResult['stopReason'] = 'completed';
  const history: EpochSummary[] = [];
  let step = 0;

  const restoreBest = () => {
    if (bestWeights) model.setWeights(bestWeights);
  };
  try {
    epochs: for (let epoch = 0; epoch < config.epochs; epoch++) {
      const order = sampler.epoch(epoch);
      const started = performance.now();
      let lossSum = 0;
      let images = 0;
      let learningRate = 0;
      for (let batch = 0; batch < stepsPerEpoch; batch++) {
        // Each step's awaits settle as microtasks on wasm/cpu, so without a macrotask turn
        // here timers and IPC messages (a cancel request, a budget timer) would never run.
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (signal?.aborted) {
          stopReason = 'cancelled';
          break epochs;
        }
        const indices = Array.from(
          order.subarray(batch * batchSize, (batch + 1) * batchSize),
          (i) => split.train[i]!,
        );
        let pixels = source.readBatch(indices, readBuffer);
        if (
          config.augmentation.flip ||
          config.augmentation.rotate90 ||
          config.augmentation.brightness > 0 ||
          config.augmentation.contrast > 0
        ) {
          pixels = augmentBatch(
            pixels,
            { count: indices.length, size: source.size, channels: storedChannels },
            config.augmentation,
            `${config.seed}|augment|${epoch}|${batch}`,
            augmentBuffer,
          );
        }
        const labels = labelsOf(source, indices);
        learningRate = learningRateAt(config.optimizer, step, stepsPerEpoch, config.epochs);
        setLearningRate(optimizer, learningRate);
        const lossTensor = optimizer.minimize(() => {
          const x = toInputTensor(
            pixels,
            indices.length,
            source.size,
            storedChannels,
            channelIndices,
            config.inputSize,
          );
          const y = tf.tensor2d(labels, [indices.length, NUM_CLASSES], 'float32');
          const predictions = model.apply(x, { training: true }) as tf.Tensor;
          // The losses clip probabilities, and clipping turns NaN into a number: adding
          // 0 * sum(predictions) lets a NaN in the network surface in the loss value.
          return tf.add(loss(y, predictions), tf.mul(0, tf.sum(predictions))) as tf.Scalar;
        }, true);
        const lossValue = (await lossTensor!.data())[0]!;
        lossTensor!.dispose();
        if (!Number.isFinite(lossValue)) {
          throw new TrainingDivergedError(
            epoch,
            batch,
            lossValue,
            bestEpoch,
            options.checkpointDir,
          );
        }
        lossSum += lossValue;
        images += indices.length;
        const points: MetricPoint[] = [
          { key: METRIC_KEYS.trainLoss, step, epoch, value: lossValue },
          { key: METRIC_KEYS.learningRate, step, epoch, value: learningRate },
        ];
        await callbacks.onMetrics?.(points);
        step += 1;
      }
      const trainSeconds = (performance.now() - started) / 1000;
      const evaluation = await evaluateSplit(
        model,
        source,
        split.validation,
        spec,
        config.thresholds.mode,
        config.thresholds.global,
        trainPositiveRate,
        loss,
      );
      const summary: EpochSummary = {
        epoch,
        step,
        trainLoss: lossSum / stepsPerEpoch,
        validationLoss: evaluation.meanLoss,
        validationMacroF1: evaluation.report.macroF1,
        learningRate,
        imagesPerSecond: images / trainSeconds,
        seconds: (performance.now() - started) / 1000,
      };
      history.push(summary);
      await callbacks.onMetrics?.([
        { key: METRIC_KEYS.trainEpochLoss, step, epoch, value: summary.trainLoss },
        { key: METRIC_KEYS.imagesPerSecond, step, epoch, value: summary.imagesPerSecond },
        { key: METRIC_KEYS.validationLoss, step, epoch, value: summary.validationLoss },
        { key: METRIC_KEYS.validationMacroF1, step, epoch, value: summary.validationMacroF1 },
      ]);
      await callbacks.onEvaluation?.({
        epoch,
        step,
        split: VALIDATION_SPLIT,
        report: evaluation.report,
      });
      if (evaluation.report.macroF1 > bestMacroF1 + config.earlyStopping.minDelta) {
        bestMacroF1 = evaluation.report.macroF1;
        bestEpoch = epoch;
        bestEvaluation = evaluation.report;
        bestStep = step;
        bestValidationProbabilities = evaluation.probabilities;
        bestThresholds = evaluation.thresholds;
        sinceImprovement = 0;
        tf.dispose(bestWeights ?? []);
        bestWeights = model.getWeights().map((w) => w.clone());
        if (options.checkpointDir) {
          await saveModel(model, options.checkpointDir, { config, thresholds: bestThresholds });
        }
        await callbacks.onBestModel?.({
          epoch,
          step,
          model,
          report: evaluation.report,
          thresholds: bestThresholds,
        });
      } else {
        sinceImprovement += 1;
      }
      await callbacks.onEpochEnd?.(summary);
      if (sinceImprovement >= config.earlyStopping.patience) {
        stopReason = 'early-stopping';
        break;
      }
    }
    restoreBest();
  } catch (error) {
    restoreBest();
    model.dispose();
    throw error;
  } finally {
    tf.dispose(bestWeights ?? []);
    optimizer.dispose();
  }
  return {
    model,
    bestEpoch,
    bestMacroF1: bestEpoch >= 0 ? bestMacroF1 : 0,
    bestEvaluation,
    bestStep,
    bestValidationProbabilities,
    thresholds: bestThresholds,
    stopReason,
    history,
    split,
  };
}
