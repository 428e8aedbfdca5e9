// A saved model is a folder: model.json (topology + weights manifest, the layout
// tf.loadLayersModel reads), weights.bin, thresholds.json and train-config.json. Written
// without tfjs-node: the artifacts come from a custom save handler. Files are written to a
// temp folder first and renamed into place, so an interrupted save never leaves a half model.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from '../config/train-config.ts';
import { parseTrainConfig } from '../config/train-config.ts';

export const MODEL_FILES = {
  topology: 'model.json',
  weights: 'weights.bin',
  thresholds: 'thresholds.json',
  config: 'train-config.json',
} as const;

export interface SavedModelMetadata {
  config: TrainConfig;
  thresholds: number[];
}

async function captureArtifacts(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (captured === undefined) throw new Error('model.save produced no artifacts');
  return captured;
}

function weightBytes(data: tf.io.WeightData | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  // tfjs 4.x may hand back several buffers: join them into one weights.bin.
  const joined = Array.isArray(data) ? tf.io.CompositeArrayBuffer.join(data) : data;
  return new Uint8Array(joined);
}

/** Saves model + metadata into `dir` (replacing what was there, atomically per folder). */
export async function saveModel(
  model: tf.LayersModel,
  dir: string,
  metadata: SavedModelMetadata,
): Promise<void> {
  const artifacts = await captureArtifacts(model);
  const staging = join(dirname(dir), `.${basename(dir)}.tmp-${process.pid}-${Date.now()}`);
  await mkdir(staging, { recursive: true });
  const modelJson = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [MODEL_FILES.weights], weights: artifacts.weightSpecs ?? [] }],
  };
  await writeFile(join(staging, MODEL_FILES.topology), JSON.stringify(modelJson));
  await writeFile(join(staging, MODEL_FILES.weights), weightBytes(artifacts.weightData));
  await writeFile(join(staging, MODEL_FILES.thresholds), JSON.stringify(metadata.thresholds));
  await writeFile(join(staging, MODEL_FILES.config), JSON.stringify(metadata.config, null, 2));
  await rm(dir, { recursive: true, force: true });
  await mkdir(dirname(dir), { recursive: true });
  await rename(staging, dir);
}

export interface LoadedModel extends SavedModelMetadata {
  model: tf.LayersModel;
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`, { cause: error });
  }
}

export interface LoadModelOptions {
  /**
   * Thresholds to use when the folder has no thresholds.json (a model saved by another tool, or
   * by hand): e.g. the run's best evaluation's. Without it a missing file is an error.
   */
  fallbackThresholds?: readonly number[];
}

export async function loadModel(dir: string, options: LoadModelOptions = {}): Promise<LoadedModel> {
  const modelJson = (await readJson(join(dir, MODEL_FILES.topology))) as {
    modelTopology?: object;
    weightsManifest?: { weights: tf.io.WeightsManifestEntry[] }[];
  };
  if (modelJson.modelTopology === undefined || modelJson.weightsManifest === undefined) {
    throw new Error(`${join(dir, MODEL_FILES.topology)}: missing modelTopology or weightsManifest`);
  }
  const weights = await readFile(join(dir, MODEL_FILES.weights));
  const weightData = weights.buffer.slice(
    weights.byteOffset,
    weights.byteOffset + weights.byteLength,
  );
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      weightSpecs: modelJson.weightsManifest.flatMap((group) => group.weights),
      weightData,
    }),
  );
  const thresholdsFile = join(dir, MODEL_FILES.thresholds);
  const thresholds =
    options.fallbackThresholds && !existsSync(thresholdsFile)
      ? [...options.fallbackThresholds]
      : await readJson(thresholdsFile);
  if (!Array.isArray(thresholds) || !thresholds.every((t) => typeof t === 'number')) {
    throw new Error(`${join(dir, MODEL_FILES.thresholds)}: expected an array of numbers`);
  }
  const config = parseTrainConfig(await readJson(join(dir, MODEL_FILES.config)));
  return { model, config, thresholds: thresholds as number[] };
}
