// One training run on a cache with a wall-clock budget, summarized as JSON. Shared by
// train-run.ts and the README experiments so each number comes from the same code path.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '../../src/backend/select-backend.ts';
import type { TrainConfig } from '../../src/config/train-config.ts';
import { openCache } from '../../src/data/open-cache.ts';
import { saveModel } from '../../src/io/model-files.ts';
import { trainModel } from '../../src/training/train-model.ts';
import { labelsOf, predictProbabilities } from '../../src/training/evaluate-split.ts';
import { selectChannels } from '../../src/training/batch-source.ts';
import { crossFittedPerClassF1 } from '../../src/metrics/thresholds.ts';
import { NUM_CLASSES } from '../../src/data/classes.ts';
import { stratifiedSplit } from '../../src/data/stratify.ts';
import type * as tf from '@tensorflow/tfjs';
import type { TrainValidationSplit } from '../../src/data/stratify.ts';

export interface ExperimentResult {
  name: string;
  backend: { name: string; threads: number; precision: string };
  bestEpoch: number;
  bestMacroF1: number;
  perClassF1: number[];
  support: number[];
  thresholds: number[];
  /**
   * Per-class thresholds scored honestly: the validation split halved (stratified), each half
   * thresholded with what was tuned on the other half (bestMacroF1 tunes and scores on the
   * same samples when thresholds.mode is per-class, which flatters it).
   */
  crossFitted: { macroF1: number; perClassF1: number[] };
  stopReason: string;
  epochsRun: number;
  seconds: number;
  loadAverage: { start: number[]; end: number[] };
  history: {
    epoch: number;
    trainLoss: number;
    validationMacroF1: number;
    imagesPerSecond: number;
    seconds: number;
  }[];
  config: TrainConfig;
}

/** Macro F1 of the best model with thresholds cross-fitted over two halves of validation. */
async function crossFittedValidation(
  model: tf.LayersModel,
  cache: ReturnType<typeof openCache>,
  split: TrainValidationSplit,
  config: TrainConfig,
): Promise<ExperimentResult['crossFitted']> {
  const indices = split.validation;
  const truth = labelsOf(cache, indices);
  const { probabilities } = await predictProbabilities(model, cache, indices, {
    inputSize: config.inputSize,
    channelIndices: selectChannels(cache, config.channels),
    batchSize: 64,
  });
  const halves = stratifiedSplit(truth, { validationFraction: 0.5, seed: 'cross-fit' });
  const fold = new Uint8Array(indices.length);
  for (const i of halves.validation) fold[i] = 1;
  return crossFittedPerClassF1(truth, probabilities, NUM_CLASSES, fold);
}

export async function runExperiment(options: {
  name: string;
  config: TrainConfig;
  budgetSeconds: number;
  outDir?: string;
  split?: TrainValidationSplit;
}): Promise<ExperimentResult> {
  const backend = await selectBackend({
    force: options.config.backend,
    precision: options.config.precision,
  });
  const cache = openCache(options.config.dataset.cachePath);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.budgetSeconds * 1000);
  const started = performance.now();
  const loadStart = loadavg();
  try {
    const result = await trainModel({
      config: options.config,
      source: cache,
      signal: controller.signal,
      ...(options.split ? { split: options.split } : {}),
      callbacks: {
        onEpochEnd: (s) => {
          process.stderr.write(
            `[${options.name}] epoch ${s.epoch} loss ${s.trainLoss.toFixed(4)} val macro F1 ${s.validationMacroF1.toFixed(4)} ` +
              `${s.imagesPerSecond.toFixed(1)} img/s ${s.seconds.toFixed(0)} s (load ${loadavg()[0]!.toFixed(1)})\n`,
          );
        },
      },
    });
    const crossFitted = await crossFittedValidation(
      result.model,
      cache,
      result.split,
      options.config,
    );
    const summary: ExperimentResult = {
      name: options.name,
      backend: { name: backend.name, threads: backend.threads, precision: backend.precision },
      bestEpoch: result.bestEpoch,
      bestMacroF1: result.bestMacroF1,
      perClassF1: result.bestEvaluation?.perClass.f1 ?? [],
      support: result.bestEvaluation?.perClass.support ?? [],
      thresholds: result.thresholds,
      crossFitted,
      stopReason: result.stopReason,
      epochsRun: result.history.length,
      seconds: (performance.now() - started) / 1000,
      loadAverage: { start: loadStart, end: loadavg() },
      history: result.history.map((h) => ({
        epoch: h.epoch,
        trainLoss: h.trainLoss,
        validationMacroF1: h.validationMacroF1,
        imagesPerSecond: h.imagesPerSecond,
        seconds: h.seconds,
      })),
      config: options.config,
    };
    if (options.outDir) {
      mkdirSync(options.outDir, { recursive: true });
      writeFileSync(
        join(options.outDir, `${options.name}.json`),
        JSON.stringify(summary, null, 2) + '\n',
      );
      await saveModel(result.model, join(options.outDir, `${options.name}-model`), {
        config: options.config,
        thresholds: result.thresholds,
      });
    }
    result.model.dispose();
    return summary;
  } finally {
    clearTimeout(timer);
    cache.close();
  }
}
