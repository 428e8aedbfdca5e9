import * as tf from '@tensorflow/tfjs';
import { mkdtempSync } from 'node:fs';
import { onednnTestsRun } from '@hpa-lab/onednn-kernels/testing';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend.ts';
import type { TrainConfigInput } from '../config/train-config.ts';
import { parseTrainConfig } from '../config/train-config.ts';
import { loadModel } from '../io/model-files.ts';
import { evaluate } from '../metrics/classification-metrics.ts';
import { labelsOf } from './evaluate-split.ts';
import { toySource } from './toy-source.ts';
import type { MetricPoint } from './train-events.ts';
import { TrainingDivergedError } from './train-events.ts';
import { trainModel } from './train-model.ts';
import { datasetSplit } from '../data/stratify.ts';

const source = toySource(96, 16, 3);

function config(overrides: Partial<TrainConfigInput> = {}) {
  return parseTrainConfig({
    model: { name: 'small-cnn', filters: 8, blocks: 2, dropout: 0 },
    inputSize: 16,
    channels: 4,
    epochs: 4,
    batchSize: 16,
    optimizer: { learningRate: 0.01, warmupEpochs: 0.5 },
    augmentation: { flip: true, rotate90: true, brightness: 0 },
    thresholds: { mode: 'per-class', global: 0.5 },
    dataset: { cachePath: 'in-memory', validationFraction: 0.25 },
    seed: 5,
    ...overrides,
  });
}

beforeAll(async () => {
  await selectBackend({ force: 'wasm' });
});

describe('trainModel', () => {
  it('learns the toy classes, reports every metric and keeps the best epoch', async () => {
    const points: MetricPoint[] = [];
    const evaluations: number[] = [];
    const result = await trainModel({
      config: config({ epochs: 6 }),
      source,
      callbacks: {
        onMetrics: (p) => void points.push(...p),
        onEvaluation: (e) => void evaluations.push(e.report.macroF1),
      },
    });
    expect(result.stopReason).toBe('completed');
    expect(result.history).toHaveLength(6);
    expect(evaluations).toHaveLength(6);
    expect(result.bestMacroF1).toBe(Math.max(...evaluations));
    expect(result.bestEvaluation?.perClass.f1.slice(0, 4).every((f) => f > 0.8)).toBe(true);
    // The best epoch's validation probabilities, kept for the ensemble artifact, are the ones
    // its evaluation was computed from.
    expect(result.bestStep).toBe(result.history[result.bestEpoch]!.step);
    const probabilities = result.bestValidationProbabilities!;
    expect(probabilities).toHaveLength(result.split.validation.length * 28);
    const again = evaluate(
      labelsOf(source, result.split.validation),
      probabilities,
      result.thresholds,
    );
    expect(again.macroF1).toBe(result.bestMacroF1);
    expect(again.perClass.tp).toEqual(result.bestEvaluation!.perClass.tp);
    const keys = new Set(points.map((p) => p.key));
    for (const key of [
      'train/loss',
      'train/learning_rate',
      'val/macro_f1',
      'val/loss',
      'train/images_per_second',
    ]) {
      expect(keys.has(key), key).toBe(true);
    }
    const losses = points.filter((p) => p.key === 'train/loss').map((p) => p.value);
    expect(losses.at(-1)!).toBeLessThan(losses[0]!);
    result.model.dispose();
  });

  it("trains on the config's cross-validation fold with label-set sampling and contrast", async () => {
    const cv = config({
      epochs: 1,
      sampler: { name: 'label-set', power: 1, maxWeight: 10 },
      augmentation: { flip: true, rotate90: true, brightness: 0.1, contrast: 0.3 },
      dataset: { cachePath: 'in-memory', folds: 3, fold: 2 },
    });
    const result = await trainModel({ config: cv, source });
    // Without a split given, the run's split is fold 2 of the 3-fold, as the trainer's is.
    expect(result.split).toEqual(datasetSplit(source.labels, cv.dataset));
    expect(result.split.validation.length + result.split.train.length).toBe(96);
    expect(result.history).toHaveLength(1);
    expect(Number.isFinite(result.history[0]!.trainLoss)).toBe(true);
    result.model.dispose();
  });

  it('leaks no tensors: the count is stable from epoch to epoch', async () => {
    const counts: number[] = [];
    const result = await trainModel({
      config: config({ epochs: 4, earlyStopping: { patience: 10, minDelta: 0 } }),
      source,
      callbacks: { onEpochEnd: () => void counts.push(tf.memory().numTensors) },
    });
    expect(counts).toHaveLength(4);
    expect(new Set(counts.slice(1)).size).toBe(1);
    result.model.dispose();
  });

  // With dropout on, so that the dropout masks are covered too; on plain wasm and on the
  // native kernels (whose reductions run on several threads).
  it.for(['wasm', 'wasm-onednn'] as const)(
    'is repeatable with a fixed seed on %s, dropout included',
    async (backend, { skip }) => {
      if (backend === 'wasm-onednn' && !onednnTestsRun()) skip('the oneDNN addon is not built');
      await selectBackend({ force: backend });
      const run = async () => {
        const result = await trainModel({
          config: config({
            epochs: 2,
            model: { name: 'small-cnn', filters: 8, blocks: 2, dropout: 0.3 },
          }),
          source,
        });
        const weights = result.model.getWeights()[0]!.dataSync().slice();
        const history = result.history.map((h) => h.trainLoss);
        result.model.dispose();
        return { weights, history };
      };
      const a = await run();
      const b = await run();
      expect(b.history).toEqual(a.history);
      expect(Array.from(b.weights)).toEqual(Array.from(a.weights));
      await selectBackend({ force: 'wasm' });
    },
  );

  // bfloat16 convolutions (issue 23): the toy classes are learnt as in float32, by a run that
  // really computed in bfloat16 (its losses differ from float32's).
  it('learns the toy classes in bfloat16 on wasm-onednn, as in float32', async ({ skip }) => {
    if (!onednnTestsRun()) skip('the oneDNN addon is not built');
    if (!(await import('@hpa-lab/onednn-kernels')).loadOnednnKernels().info().bf16)
      skip('this CPU has no avx512_bf16');
    const trained = async (precision: 'float32' | 'bfloat16') => {
      const backend = await selectBackend({ force: 'wasm-onednn', precision });
      expect(backend.precision).toBe(precision);
      const result = await trainModel({ config: config({ epochs: 6, precision }), source });
      result.model.dispose();
      return result;
    };
    try {
      const f32 = await trained('float32');
      const bf16 = await trained('bfloat16');
      expect(bf16.bestEvaluation?.perClass.f1.slice(0, 4).every((f) => f > 0.8)).toBe(true);
      expect(Math.abs(bf16.bestMacroF1 - f32.bestMacroF1)).toBeLessThan(0.1);
      expect(bf16.history.map((h) => h.trainLoss)).not.toEqual(f32.history.map((h) => h.trainLoss));
    } finally {
      await selectBackend({ force: 'wasm' });
    }
  });

  it('refuses bfloat16 on a backend other than wasm-onednn, naming both', async () => {
    await expect(selectBackend({ force: 'wasm', precision: 'bfloat16' })).rejects.toThrow(
      "precision bfloat16 runs on the wasm-onednn backend only, not 'wasm'",
    );
  });

  it('stops between batches when cancelled and keeps the best epoch so far', async () => {
    const controller = new AbortController();
    const result = await trainModel({
      config: config({ epochs: 5 }),
      source,
      signal: controller.signal,
      callbacks: { onEpochEnd: (s) => (s.epoch === 1 ? controller.abort() : undefined) },
    });
    expect(result.stopReason).toBe('cancelled');
    expect(result.history).toHaveLength(2);
    expect(result.bestEpoch).toBeLessThanOrEqual(1);
    result.model.dispose();
  });

  it('a timer can cancel mid-epoch: the loop yields to the event loop between batches', async () => {
    const controller = new AbortController();
    let batches = 0;
    setTimeout(() => controller.abort(), 0);
    const result = await trainModel({
      config: config({ epochs: 3 }),
      source,
      signal: controller.signal,
      callbacks: {
        onMetrics: (p) => void (batches += p.filter((m) => m.key === 'train/loss').length),
      },
    });
    expect(result.stopReason).toBe('cancelled');
    expect(batches).toBeLessThan(2);
    expect(result.history).toHaveLength(0);
    result.model.dispose();
  });

  it('stops early when validation macro F1 stops improving', async () => {
    const result = await trainModel({
      config: config({
        epochs: 20,
        optimizer: { learningRate: 1e-9, warmupEpochs: 0 },
        earlyStopping: { patience: 2, minDelta: 0.5 },
      }),
      source,
    });
    expect(result.stopReason).toBe('early-stopping');
    expect(result.history).toHaveLength(3);
    expect(result.bestEpoch).toBe(0);
    result.model.dispose();
  });

  it('a NaN loss stops the run naming epoch and batch, and the best checkpoint stays', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'hpa-train-')), 'best');
    const run = trainModel({
      config: config({ epochs: 4 }),
      source,
      checkpointDir: dir,
      callbacks: {
        // After epoch 0 is checkpointed, corrupt one weight: the next batch's loss is NaN.
        onBestModel: ({ epoch, model }) => {
          if (epoch !== 0) return;
          const layer = model.getLayer('probabilities');
          const [kernel, bias] = layer.getWeights();
          layer.setWeights([tf.fill(kernel!.shape, NaN), bias!]);
        },
      },
    });
    const error = await run.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TrainingDivergedError);
    expect((error as Error).message).toMatch(
      /loss became NaN at epoch 1, batch 0; the best model so far \(epoch 0\) is kept/,
    );
    const saved = await loadModel(dir);
    const weights = saved.model.getLayer('probabilities').getWeights()[0]!.dataSync();
    expect(Array.from(weights).every(Number.isFinite)).toBe(true);
    saved.model.dispose();
  });

  it('reads every training batch into one reused buffer, with the same results as fresh arrays', async () => {
    // One source honours `out`; the other ignores it and returns a new array every call.
    const outs = new Set<Uint8Array>();
    let trainingReads = 0;
    const reusing = {
      ...source,
      readBatch: (indices: readonly number[], out?: Uint8Array) => {
        if (out && indices.length === 16 && out.length === 16 * 16 * 16 * 4) {
          outs.add(out);
          trainingReads += 1;
        }
        return source.readBatch(indices, out);
      },
    };
    const fresh = {
      ...source,
      readBatch: (indices: readonly number[]) => source.readBatch(indices),
    };
    const lossesOf = async (batchSource: typeof source) => {
      const losses: number[] = [];
      const result = await trainModel({
        config: config({ epochs: 2 }),
        source: batchSource,
        callbacks: {
          onMetrics: (points) =>
            void losses.push(...points.filter((p) => p.key === 'train/loss').map((p) => p.value)),
        },
      });
      result.model.dispose();
      return losses;
    };
    const reused = await lossesOf(reusing);
    expect(trainingReads).toBeGreaterThanOrEqual(4);
    expect(outs.size).toBe(1);
    expect(reused).toEqual(await lossesOf(fresh));
  });
});
