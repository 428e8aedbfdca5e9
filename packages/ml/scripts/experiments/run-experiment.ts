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
import type { TrainValidationSplit } from '../../src/data/stratify.ts';

export interface ExperimentResult {
  name: string;
  backend: { name: string; threads: number };
  bestEpoch: number;
  bestMacroF1: number;
  perClassF1: number[];
  support: number[];
  thresholds: number[];
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

export async function runExperiment(options: {
  name: string;
  config: TrainConfig;
  budgetSeconds: number;
  outDir?: string;
  split?: TrainValidationSplit;
}): Promise<ExperimentResult> {
  const backend = await selectBackend({ force: options.config.backend });
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
    const summary: ExperimentResult = {
      name: options.name,
      backend: { name: backend.name, threads: backend.threads },
      bestEpoch: result.bestEpoch,
      bestMacroF1: result.bestMacroF1,
      perClassF1: result.bestEvaluation?.perClass.f1 ?? [],
      support: result.bestEvaluation?.perClass.support ?? [],
      thresholds: result.thresholds,
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
