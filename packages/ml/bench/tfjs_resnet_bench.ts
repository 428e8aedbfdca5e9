// The tfjs side of training.bench.ts, one backend per process (the wasm backend's threading is
// fixed when it first starts, so plain wasm and wasm-onednn cannot share a process fairly), as
// torch_resnet_bench.py is the PyTorch side. Prints one JSON object. Usage:
//   node --import tsx bench/tfjs_resnet_bench.ts --backend wasm-onednn --size 128 --batch 16
//     --width 32 --blocks 1,1,1,1 [--no-train] [--no-infer] [--window-s 0.5] [--min-seconds 3]
//     [--settle 0.03] [--max-warmup-s 20] [--threads 2] [--profile] [--precision bfloat16]
// Each measure is timed by settledRate (training-lib.ts), as torch_resnet_bench.py times its
// own: untimed warm-up windows until two agree within --settle (the first tfjs steps of a fresh
// process run 10-20% slower: JIT, the wasm heap growing, oneDNN plans built on first use), then
// at least --min-seconds timed.
import { parseArgs } from 'node:util';
import type * as tf from '@tensorflow/tfjs';
import { selectBackend, type BackendName } from '../src/backend/select-backend.ts';
import { precisionSchema } from '../src/config/train-config.ts';
import { inferenceRunner } from '../src/inference-plan/index.ts';
import { buildResnetModel } from '../src/models/resnet.ts';
import { adam } from '../src/training/fused-adam.ts';
import {
  DEFAULT_WINDOWS,
  makeBatch,
  profileKernels,
  settledRate,
  trainStep,
  type WindowOptions,
} from './training-lib.ts';

const { values } = parseArgs({
  options: {
    backend: { type: 'string' },
    size: { type: 'string' },
    batch: { type: 'string', default: '16' },
    width: { type: 'string', default: '32' },
    blocks: { type: 'string', default: '1,1,1,1' },
    'no-train': { type: 'boolean', default: false },
    'no-infer': { type: 'boolean', default: false },
    'window-s': { type: 'string', default: String(DEFAULT_WINDOWS.windowS) },
    'min-seconds': { type: 'string', default: String(DEFAULT_WINDOWS.minSeconds) },
    settle: { type: 'string', default: String(DEFAULT_WINDOWS.settle) },
    'max-warmup-s': { type: 'string', default: String(DEFAULT_WINDOWS.maxWarmupS) },
    profile: { type: 'boolean', default: false },
    threads: { type: 'string' },
    precision: { type: 'string', default: 'float32' },
  },
});
const size = Number(values.size);
const batch = Number(values.batch);
const backend = await selectBackend({
  force: values.backend as BackendName,
  threads: values.threads ? Number(values.threads) : undefined,
  precision: precisionSchema.parse(values.precision),
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
const windows: WindowOptions = {
  windowS: Number(values['window-s']),
  minSeconds: Number(values['min-seconds']),
  settle: Number(values.settle),
  maxWarmupS: Number(values['max-warmup-s']),
};
const train = values['no-train']
  ? null
  : await settledRate(() => trainStep(model, optimizer, x, y), batch, windows);
const infer = values['no-infer']
  ? null
  : await settledRate(() => runner.run(x as tf.Tensor4D), batch, windows);
const profile = values.profile
  ? {
      trainStep: await profileKernels(() => trainStep(model, optimizer, x, y)),
      inference: await profileKernels(() => runner.run(x as tf.Tensor4D)),
    }
  : undefined;
console.log(
  JSON.stringify({
    backend: backend.name,
    precision: backend.precision,
    threads: backend.threads,
    onednnVersion: backend.onednnVersion,
    params: model.countParams(),
    train,
    infer,
    profile,
  }),
);
process.exit(0);
