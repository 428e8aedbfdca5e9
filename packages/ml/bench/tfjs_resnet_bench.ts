// The tfjs side of training.bench.ts, one backend per process (the wasm backend's threading is
// fixed when it first starts, so plain wasm and wasm-onednn cannot share a process fairly), as
// torch_resnet_bench.py is the PyTorch side. Prints one JSON object. Usage:
//   node --import tsx bench/tfjs_resnet_bench.ts --backend wasm-onednn --size 128 --batch 16
//     --width 32 --blocks 1,1,1,1 --train-steps 8 --infer-steps 16 [--warmup-steps 8]
//     [--threads 2] [--profile]
// Each measure first runs --warmup-steps untimed steps (as torch_resnet_bench.py does): the first
// few tfjs steps of a fresh process run 10-20% slower (JIT, the wasm heap growing, oneDNN plans
// built on first use), which a training run of thousands of steps never sees.
import { parseArgs } from 'node:util';
import type * as tf from '@tensorflow/tfjs';
import { selectBackend, type BackendName } from '../src/backend/select-backend.ts';
import { inferenceRunner } from '../src/inference-plan/index.ts';
import { buildResnetModel } from '../src/models/resnet.ts';
import { adam } from '../src/training/fused-adam.ts';
import { makeBatch, profileKernels, timeSteps, trainStep } from './training-lib.ts';

const { values } = parseArgs({
  options: {
    backend: { type: 'string' },
    size: { type: 'string' },
    batch: { type: 'string', default: '16' },
    width: { type: 'string', default: '32' },
    blocks: { type: 'string', default: '1,1,1,1' },
    'train-steps': { type: 'string', default: '8' },
    'infer-steps': { type: 'string', default: '16' },
    'warmup-steps': { type: 'string', default: '8' },
    profile: { type: 'boolean', default: false },
    threads: { type: 'string' },
  },
});
const size = Number(values.size);
const batch = Number(values.batch);
const backend = await selectBackend({
  force: values.backend as BackendName,
  threads: values.threads ? Number(values.threads) : undefined,
});
const model = buildResnetModel({
  name: 'resnet',
  blocksPerStage: values.blocks.split(',').map(Number),
  width: Number(values.width),
  dropout: 0,
  inputSize: size,
  channels: 4,
  seed: 1,
});
// The optimizer trainModel uses, and the inference path predictFolder and each evaluation use
// (the folded plan, compiled once: folding costs ~1 ms).
const optimizer = adam(1e-3);
const { x, y } = makeBatch(batch, size, 4);
const runner = inferenceRunner(model);
const train = await timeSteps(
  () => trainStep(model, optimizer, x, y),
  batch,
  Number(values['warmup-steps']),
  Number(values['train-steps']),
);
const infer = await timeSteps(
  () => runner.run(x as tf.Tensor4D),
  batch,
  Number(values['warmup-steps']),
  Number(values['infer-steps']),
);
const profile = values.profile
  ? {
      trainStep: await profileKernels(() => trainStep(model, optimizer, x, y)),
      inference: await profileKernels(() => runner.run(x as tf.Tensor4D)),
    }
  : undefined;
console.log(
  JSON.stringify({
    backend: backend.name,
    threads: backend.threads,
    onednnVersion: backend.onednnVersion,
    params: model.countParams(),
    trainImagesPerSecond: train.imagesPerSecond,
    inferImagesPerSecond: infer.imagesPerSecond,
    profile,
  }),
);
process.exit(0);
