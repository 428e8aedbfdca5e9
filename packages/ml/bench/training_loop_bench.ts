// The whole training loop against the bare step, in one process (training.bench.ts runs it):
// trainModel's epochs over a real uint8 cache of synthetic samples (cache reads, the sampler,
// flips/rotations, the input tensor, the step, a metrics message per batch sent over IPC as
// apps/trainer's child does) next to the same model's step on tensors already in place.
// loop/step is the share of the step's rate the loop keeps (issue 12 asks >= 0.90). The two
// take turns (the order reversing each turn); each turn gives one ratio, and the result is
// the median and range of those, so a burst of foreign load in one turn moves one ratio only.
// Prints one JSON object. Usage:
//   node --import tsx bench/training_loop_bench.ts --backend wasm-onednn --size 128 --batch 16
//     [--steps 16] [--epochs 3] [--turns 5] [--samples 400] [--threads 2]
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { selectBackend, type BackendName } from '../src/backend/select-backend.ts';
import { parseTrainConfig } from '../src/config/train-config.ts';
import { buildCache } from '../src/data/build-cache.ts';
import { ALL_CHANNELS, NUM_CLASSES } from '../src/data/classes.ts';
import { readKaggleDataset } from '../src/data/kaggle-dataset.ts';
import { openCache } from '../src/data/open-cache.ts';
import { generateSyntheticDataset } from '../src/data/synthetic/generate-dataset.ts';
import { makeLoss } from '../src/losses/make-loss.ts';
import { buildModel } from '../src/models/build-model.ts';
import { adam } from '../src/training/fused-adam.ts';
import type { MetricPoint } from '../src/training/train-events.ts';
import { trainModel } from '../src/training/train-model.ts';
import { augmentBatch } from '../src/data/augment.ts';
import { uniformSampler } from '../src/data/samplers.ts';
import { toInputTensor } from '../src/training/batch-source.ts';
import { labelsOf } from '../src/training/evaluate-split.ts';
import { median, roundOrder, spread } from '@hpa-lab/bench-kit';
import { timeSteps } from './training-lib.ts';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm-onednn' },
    size: { type: 'string', default: '128' },
    batch: { type: 'string', default: '16' },
    steps: { type: 'string', default: '16' },
    epochs: { type: 'string', default: '3' },
    turns: { type: 'string', default: '5' },
    samples: { type: 'string', default: '400' },
    threads: { type: 'string' },
  },
});
const size = Number(values.size);
const batch = Number(values.batch);
const steps = Number(values.steps);
const epochs = Number(values.epochs);
const turns = Number(values.turns);
const samples = Number(values.samples);

// The data set is made once per (size, count) and kept in the temp folder (generating it is
// not what is measured); buildCache reuses its cache while the PNGs are unchanged.
async function syntheticCache(): Promise<string> {
  const dir = join(tmpdir(), `hpa-bench-loop-${size}-${samples}`);
  if (!existsSync(join(dir, 'train.csv'))) {
    process.stderr.write(`generating ${samples} synthetic ${size} px samples in ${dir}\n`);
    await generateSyntheticDataset({ outDir: dir, count: samples, size, seed: 'bench', rarity: 0 });
  }
  const dataset = await readKaggleDataset({ dir });
  const built = await buildCache({
    dataset,
    size,
    channels: ALL_CHANNELS,
    cacheDir: join(dir, 'cache'),
  });
  return built.indexPath;
}

// apps/trainer's child sends every batch's points to its parent and awaits the send; run
// standalone (no IPC channel), the points are serialized and dropped.
function sendMetrics(points: MetricPoint[]): Promise<void> {
  const message = {
    type: 'metrics',
    points: points.map((p) => ({ ...p, wallTime: new Date().toISOString() })),
  };
  if (!process.send) {
    JSON.stringify(message);
    return Promise.resolve();
  }
  return new Promise((resolve, reject) =>
    process.send!(message, undefined, {}, (error) => (error ? reject(error) : resolve())),
  );
}

const backend = await selectBackend({
  force: values.backend as BackendName,
  threads: values.threads ? Number(values.threads) : undefined,
});
const indexPath = await syntheticCache();
const cache = openCache(indexPath);
// The defaults a run gets (uniform sampler, flips + quarter turns, Adam with warm-up, BCE),
// at the bench's batch and size; validation is a small slice (not timed: imagesPerSecond
// counts the training batches of an epoch only) and early stopping never triggers.
const config = parseTrainConfig({
  model: { name: 'resnet', blocksPerStage: [1, 1, 1, 1], width: 32 },
  inputSize: size,
  channels: 4,
  batchSize: batch,
  epochs,
  stepsPerEpoch: steps,
  dataset: { cachePath: indexPath, validationFraction: 0.1 },
  earlyStopping: { patience: epochs + 1 },
  thresholds: { mode: 'global' },
});

/** The loop's images/s of each epoch after the first. */
async function loopRates(): Promise<number[]> {
  const result = await trainModel({
    config,
    source: cache,
    callbacks: { onMetrics: sendMetrics },
  });
  result.model.dispose();
  // Epoch 0 pays for kernel set-up and first-call allocations; the bare step is warmed too.
  return result.history.slice(1).map((h) => h.imagesPerSecond);
}

async function stepRate(): Promise<number> {
  const model = buildModel(config);
  const optimizer = adam(config.optimizer.learningRate);
  const loss = makeLoss(config.loss, {
    positiveCounts: new Array<number>(NUM_CLASSES).fill(1),
    sampleCount: 10,
  });
  const x = tf.randomUniform([batch, size, size, 4], 0, 1, 'float32', 1);
  const y = tf.cast(
    tf.less(tf.randomUniform([batch, NUM_CLASSES], 0, 1, 'float32', 2), 0.1),
    'float32',
  );
  // trainModel's step without the data side: the same loss (with its NaN guard), optimizer
  // and read-back of the loss value.
  const timing = await timeSteps(
    () =>
      optimizer.minimize(() => {
        const predictions = model.apply(x, { training: true }) as tf.Tensor;
        return tf.add(loss(y, predictions), tf.mul(0, tf.sum(predictions))) as tf.Scalar;
      }, true)!,
    batch,
    2,
    steps,
  );
  tf.dispose([x, y]);
  optimizer.dispose();
  model.dispose();
  return timing.imagesPerSecond;
}

/**
 * The loop's data work for one batch, part by part (median ms over `batches` batches), and
 * the sampler's draw of an epoch's order (once an epoch): what loop/step below 1 is made of,
 * apart from the metrics message and the event-loop turn.
 */
async function dataSideMs(batches: number): Promise<Record<string, number>> {
  const parts: Record<string, number[]> = {
    read: [],
    augment: [],
    labels: [],
    inputTensor: [],
    total: [],
  };
  const sampler = uniformSampler({ count: cache.count, seed: 'bench' });
  // The loop's own buffers: read into one, augment into the other, every batch.
  const readBuffer = new Uint8Array(batch * size * size * 4);
  const augmentBuffer = new Uint8Array(readBuffer.length);
  const drawn = performance.now();
  const order = sampler.epoch(0);
  const epochOrderMs = performance.now() - drawn;
  for (let b = 0; b < batches; b++) {
    const t1 = performance.now();
    const start = (b * batch) % (order.length - batch);
    const indices = Array.from(order.subarray(start, start + batch));
    const pixels = cache.readBatch(indices, readBuffer);
    const t2 = performance.now();
    const augmented = augmentBatch(
      pixels,
      { count: batch, size, channels: 4 },
      config.augmentation,
      `bench|augment|${b}`,
      augmentBuffer,
    );
    const t3 = performance.now();
    labelsOf(cache, indices);
    const t4 = performance.now();
    const x = toInputTensor(augmented, batch, size, 4, [0, 1, 2, 3], size);
    const t5 = performance.now();
    x.dispose();
    parts.read!.push(t2 - t1);
    parts.augment!.push(t3 - t2);
    parts.labels!.push(t4 - t3);
    parts.inputTensor!.push(t5 - t4);
    parts.total!.push(t5 - t1);
  }
  const round2 = (v: number) => Math.round(v * 100) / 100;
  return {
    ...Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, round2(median(v))])),
    epochOrder: round2(epochOrderMs),
  };
}

// An untimed turn first: the process's first step and first epoch pay for JIT, the wasm heap
// growing and oneDNN plans built on first use, which the timed turns must not see.
await stepRate();
await loopRates();
const stepRates: number[] = [];
const loopTurnRates: number[] = [];
const ratios: number[] = [];
for (let turn = 0; turn < turns; turn++) {
  let stepImages = 0;
  let loopImages = 0;
  for (const side of roundOrder(['step', 'loop'] as const, turn)) {
    if (side === 'step') stepImages = await stepRate();
    else loopImages = median(await loopRates());
  }
  stepRates.push(stepImages);
  loopTurnRates.push(loopImages);
  ratios.push(loopImages / stepImages);
}
const dataSide = await dataSideMs(32);
cache.close();
const ratio = spread(ratios);
console.log(
  JSON.stringify({
    backend: backend.name,
    threads: backend.threads,
    size,
    batch,
    stepsPerEpoch: steps,
    turns,
    stepImagesPerSecond: median(stepRates),
    loopImagesPerSecond: median(loopTurnRates),
    loopOverStep: ratio.median,
    loopOverStepRange: { min: ratio.min, max: ratio.max },
    stepMsPerBatch: (1000 * batch) / median(stepRates),
    dataSideMsPerBatch: dataSide,
    stepTurns: stepRates,
    loopTurns: loopTurnRates,
    ratioTurns: ratios,
  }),
);
process.exit(0);
