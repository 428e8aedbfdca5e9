// Training and inference images/s of the ResNet-style model (ResNet-10 layout, width 32,
// 4 channels, batch 16) at 128 and 256 px on the backend selectBackend picks, next to the same
// architecture in PyTorch (Debian's python3-torch, installed when missing), plus a per-kernel
// profile of one tfjs training step. Writes bench/results/training.json.
// Usage: npm run bench -w @hpa-lab/ml -- training   (BENCH_SIZES=128 to run one size)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/backend/select-backend.ts';
import { buildResnetModel } from '../src/models/resnet.ts';
import { makeBatch, profileKernels, timeSteps, trainStep } from './training-lib.ts';

const here = dirname(fileURLToPath(import.meta.url));
const PYTHON = '/usr/bin/python3';
const BATCH = 16;
const WIDTH = 32;
const BLOCKS = [1, 1, 1, 1];
const sizes = (process.env.BENCH_SIZES ?? '128,256').split(',').map(Number);

function ensureTorch(): string | null {
  const probe = () => spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
  if (probe()) return null;
  console.log('python3-torch missing: installing it with apt-get');
  const result = spawnSync('apt-get', ['install', '-y', 'python3-torch'], { stdio: 'inherit' });
  if (result.status !== 0 || !probe()) return 'python3-torch could not be installed';
  return null;
}

interface TorchResult {
  framework: string;
  threads: number;
  params: number;
  trainImagesPerSecond: number;
  inferImagesPerSecond: number;
}

function runTorch(size: number, trainSteps: number, inferSteps: number): TorchResult {
  const out = execFileSync(PYTHON, [
    join(here, 'torch_resnet_bench.py'),
    '--size',
    String(size),
    '--batch',
    String(BATCH),
    '--width',
    String(WIDTH),
    '--blocks',
    BLOCKS.join(','),
    '--train-steps',
    String(trainSteps),
    '--infer-steps',
    String(inferSteps),
  ]);
  return JSON.parse(out.toString()) as TorchResult;
}

const backend = await selectBackend({});
const torchProblem = ensureTorch();
const loadBefore = loadavg();
const results = [];
let profile = null;
// The machine is shared: each figure is the best of ROUNDS measurements, with tfjs and
// PyTorch alternating so a burst of foreign load hits both sides alike.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
for (const size of sizes) {
  const trainSteps = size <= 128 ? 8 : 4;
  const inferSteps = size <= 128 ? 16 : 8;
  const model = buildResnetModel({
    name: 'resnet',
    blocksPerStage: BLOCKS,
    width: WIDTH,
    dropout: 0,
    inputSize: size,
    channels: 4,
    seed: 1,
  });
  const optimizer = tf.train.adam(1e-3);
  const { x, y } = makeBatch(BATCH, size, 4);
  const tfjsRounds: { train: number; infer: number }[] = [];
  const torchRounds: TorchResult[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const train = await timeSteps(() => trainStep(model, optimizer, x, y), BATCH, 2, trainSteps);
    const infer = await timeSteps(() => model.predict(x) as tf.Tensor, BATCH, 2, inferSteps);
    tfjsRounds.push({ train: train.imagesPerSecond, infer: infer.imagesPerSecond });
    if (!torchProblem) torchRounds.push(runTorch(size, trainSteps, inferSteps));
  }
  if (size === sizes[0]) {
    profile = { size, ...(await profileKernels(() => trainStep(model, optimizer, x, y))) };
  }
  const params = model.countParams();
  tf.dispose([x, y]);
  model.dispose();
  optimizer.dispose();
  const best = (values: number[]) => Math.max(...values);
  const tfjs = {
    trainImagesPerSecond: best(tfjsRounds.map((r) => r.train)),
    inferImagesPerSecond: best(tfjsRounds.map((r) => r.infer)),
    rounds: tfjsRounds,
  };
  const torch =
    torchRounds.length > 0
      ? {
          framework: torchRounds[0]!.framework,
          threads: torchRounds[0]!.threads,
          params: torchRounds[0]!.params,
          trainImagesPerSecond: best(torchRounds.map((r) => r.trainImagesPerSecond)),
          inferImagesPerSecond: best(torchRounds.map((r) => r.inferImagesPerSecond)),
          rounds: torchRounds.map((r) => ({
            train: r.trainImagesPerSecond,
            infer: r.inferImagesPerSecond,
          })),
        }
      : null;
  const row = {
    size,
    batch: BATCH,
    params,
    tfjs,
    torch,
    ratio: torch
      ? {
          train: tfjs.trainImagesPerSecond / torch.trainImagesPerSecond,
          infer: tfjs.inferImagesPerSecond / torch.inferImagesPerSecond,
        }
      : null,
  };
  console.log(JSON.stringify({ size, tfjs: row.tfjs, torch: row.torch, ratio: row.ratio }));
  results.push(row);
}

const report = {
  bench: 'training',
  date: new Date().toISOString(),
  rounds: ROUNDS,
  machine: {
    cpus: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    loadAverageBefore: loadBefore,
    loadAverageAfter: loadavg(),
  },
  model: { name: 'resnet', blocksPerStage: BLOCKS, width: WIDTH, channels: 4 },
  backend: { name: backend.name, threads: backend.threads },
  torchProblem,
  results,
  // Kernel times include kernels called inside our gradient kernels (e.g. the Conv2D inside
  // Conv2DBackpropInput), so shares of nested kernels overlap.
  profile: profile && { ...profile, kernels: profile.kernels.slice(0, 25) },
};
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'training.json'), JSON.stringify(report, null, 2) + '\n');
console.log(`wrote bench/results/training.json`);
process.exit(0);
