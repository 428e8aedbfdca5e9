// Prediction on a folder of {Id}_{channel}.png images: decodes them through the data layer's
// cache at the model's input size, then writes a Kaggle submission (Id,Predicted) and the
// per-sample probabilities of all 28 classes.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ALL_CHANNELS, NUM_CLASSES } from '../data/classes.ts';
import { buildCache } from '../data/build-cache.ts';
import { readKaggleTestSet } from '../data/kaggle-dataset.ts';
import { openCache } from '../data/open-cache.ts';
import { loadModel } from '../io/model-files.ts';
import { selectChannels } from '../training/batch-source.ts';
import type { BatchSource } from '../training/batch-source.ts';
import { predictProbabilities } from '../training/evaluate-split.ts';
import type * as tf from '@tensorflow/tfjs';

export interface PredictionFiles {
  submissionCsv: string;
  probabilitiesCsv: string;
  count: number;
}

/** Id,Predicted with space-separated class indices (empty when no class passes). */
export function submissionLines(
  ids: readonly string[],
  probabilities: ArrayLike<number>,
  thresholds: readonly number[],
): string[] {
  return ids.map((id, i) => {
    const predicted: number[] = [];
    for (let c = 0; c < NUM_CLASSES; c++) {
      if (probabilities[i * NUM_CLASSES + c]! >= thresholds[c]!) predicted.push(c);
    }
    return `${id},${predicted.join(' ')}`;
  });
}

export async function writePredictionFiles(
  outDir: string,
  ids: readonly string[],
  probabilities: Float32Array,
  thresholds: readonly number[],
): Promise<PredictionFiles> {
  await mkdir(outDir, { recursive: true });
  const submissionCsv = join(outDir, 'submission.csv');
  const probabilitiesCsv = join(outDir, 'probabilities.csv');
  await writeFile(
    submissionCsv,
    ['Id,Predicted', ...submissionLines(ids, probabilities, thresholds)].join('\n') + '\n',
  );
  const header = ['Id', ...Array.from({ length: NUM_CLASSES }, (_, c) => `p${c}`)].join(',');
  const rows = ids.map((id, i) => {
    const row = Array.from(probabilities.subarray(i * NUM_CLASSES, (i + 1) * NUM_CLASSES), (p) =>
      p.toFixed(6),
    );
    return [id, ...row].join(',');
  });
  await writeFile(probabilitiesCsv, [header, ...rows].join('\n') + '\n');
  return { submissionCsv, probabilitiesCsv, count: ids.length };
}

/** Runs a loaded model over every sample of a source and writes the prediction files. */
export async function predictSource(
  model: tf.LayersModel,
  source: BatchSource & { ids: readonly string[] },
  options: {
    inputSize: number;
    channels: number;
    thresholds: readonly number[];
    outDir: string;
    batchSize?: number;
  },
): Promise<PredictionFiles> {
  const indices = Array.from({ length: source.count }, (_, i) => i);
  const { probabilities } = await predictProbabilities(model, source, indices, {
    inputSize: options.inputSize,
    channelIndices: selectChannels(source, options.channels),
    batchSize: options.batchSize ?? 32,
  });
  return writePredictionFiles(options.outDir, source.ids, probabilities, options.thresholds);
}

export interface PredictFolderOptions {
  /** Folder written by saveModel. */
  modelDir: string;
  /** Test set root (sample_submission.csv + test/), or the image folder itself. */
  dataDir: string;
  imageDir?: string;
  outDir: string;
  /** Where the decoded test cache goes; default <outDir>/cache. */
  cacheDir?: string;
  batchSize?: number;
}

export async function predictFolder(options: PredictFolderOptions): Promise<PredictionFiles> {
  const { model, config, thresholds } = await loadModel(options.modelDir);
  try {
    const dataset = await readKaggleTestSet({
      dir: options.dataDir,
      ...(options.imageDir ? { imageDir: options.imageDir } : {}),
    });
    const { indexPath } = await buildCache({
      dataset,
      size: config.inputSize,
      channels: ALL_CHANNELS,
      cacheDir: options.cacheDir ?? join(options.outDir, 'cache'),
    });
    const cache = openCache(indexPath);
    try {
      return await predictSource(model, cache, {
        inputSize: config.inputSize,
        channels: config.channels,
        thresholds,
        outDir: options.outDir,
        ...(options.batchSize ? { batchSize: options.batchSize } : {}),
      });
    } finally {
      cache.close();
    }
  } finally {
    model.dispose();
  }
}
