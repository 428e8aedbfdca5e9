// Training and inference images/s of the ResNet-style model (ResNet-10 layout, width 32,
// 4 channels, batch 16) at 128 and 256 px on wasm-onednn (wasm + our native kernels) and plain
// wasm, next to the same architecture in PyTorch (Debian's python3-torch, installed when
// missing), plus a per-kernel profile of one training step and one inference batch on each.
// Writes bench/results/training.json.
// Usage: npm run bench -w @hpa-lab/ml -- training
//   BENCH_SIZES=128  BENCH_BACKENDS=wasm-onednn  BENCH_ROUNDS=5  narrow or widen the run
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BackendName } from '../src/backend/select-backend.ts';

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

interface TfjsResult {
  threads: number;
  onednnVersion?: string;
  params: number;
  trainImagesPerSecond: number;
  inferImagesPerSecond: number;
  profile?: { trainStep: unknown; inference: unknown };
}

function runTfjs(
  backend: BackendName,
  size: number,
  trainSteps: number,
  inferSteps: number,
  profile: boolean,
): TfjsResult {
  const out = execFileSync(process.execPath, [
    '--import',
    'tsx',
    join(here, 'tfjs_resnet_bench.ts'),
    ...['--backend', backend, '--size', String(size), '--batch', String(BATCH)],
    ...['--width', String(WIDTH), '--blocks', BLOCKS.join(',')],
    ...['--train-steps', String(trainSteps), '--infer-steps', String(inferSteps)],
    ...(profile ? ['--profile'] : []),
  ]);
  const lines = out.toString().trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as TfjsResult;
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

const backends = (process.env.BENCH_BACKENDS ?? 'wasm-onednn,wasm').split(',') as BackendName[];
const torchProblem = ensureTorch();
const loadBefore = loadavg();
const results = [];
const profiles: Record<string, unknown> = {};
const selected: Record<string, { threads: number; onednnVersion?: string }> = {};
// The machine is shared: each figure is the best of ROUNDS measurements, with every tfjs
// backend and PyTorch taking turns, each in a fresh process, so a burst of foreign load hits
// all sides alike.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
for (const size of sizes) {
  const trainSteps = size <= 128 ? 8 : 4;
  const inferSteps = size <= 128 ? 16 : 8;
  const tfjsRounds: Record<string, { train: number; infer: number }[]> = {};
  const torchRounds: TorchResult[] = [];
  let params = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of backends) {
      const profile = round === 0 && size === sizes[0];
      const result = runTfjs(name, size, trainSteps, inferSteps, profile);
      selected[name] = { threads: result.threads, onednnVersion: result.onednnVersion };
      params = result.params;
      (tfjsRounds[name] ??= []).push({
        train: result.trainImagesPerSecond,
        infer: result.inferImagesPerSecond,
      });
      if (result.profile) profiles[name] = { size, ...result.profile };
    }
    if (!torchProblem) torchRounds.push(runTorch(size, trainSteps, inferSteps));
  }
  const best = (values: number[]) => Math.max(...values);
  const tfjs = Object.fromEntries(
    Object.entries(tfjsRounds).map(([name, rounds]) => [
      name,
      {
        trainImagesPerSecond: best(rounds.map((r) => r.train)),
        inferImagesPerSecond: best(rounds.map((r) => r.infer)),
        rounds,
      },
    ]),
  );
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
  const ratio = torch
    ? Object.fromEntries(
        Object.entries(tfjs).map(([name, t]) => [
          name,
          {
            train: t.trainImagesPerSecond / torch.trainImagesPerSecond,
            infer: t.inferImagesPerSecond / torch.inferImagesPerSecond,
          },
        ]),
      )
    : null;
  const row = { size, batch: BATCH, params, tfjs, torch, ratio };
  console.log(JSON.stringify({ size, tfjs, torch, ratio }));
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
  backends: selected,
  torchProblem,
  results,
  // Per-kernel time of one training step and one inference batch at the first size. Kernel
  // times include kernels called inside other kernels (e.g. the Conv2D inside plain wasm's
  // Conv2DBackpropInput, or 'fusedConv2d__op' around 'FusedConv2D'), so shares overlap.
  profiles,
};
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'training.json'), JSON.stringify(report, null, 2) + '\n');
console.log(`wrote bench/results/training.json`);
process.exit(0);
