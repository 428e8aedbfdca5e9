// README experiment: on synthetic data with the real HPA imbalance, the same model, split,
// seed and step budget trained four ways: plain BCE, focal, BCE + rare-class oversampling,
// focal + per-class thresholds. Reports macro F1 and the F1 of the five rarest classes.
// Usage: tsx scripts/experiments/imbalance-comparison.ts <cache index.json> [epochs] [steps/epoch]
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTrainConfig, type TrainConfigInput } from '../../src/config/train-config.ts';
import { NUM_CLASSES } from '../../src/data/classes.ts';
import { openCache } from '../../src/data/open-cache.ts';
import { stratifiedSplit } from '../../src/data/stratify.ts';
import { runExperiment, type ExperimentResult } from './run-experiment.ts';

const here = dirname(fileURLToPath(import.meta.url));
const [cachePath, epochsArg, stepsArg] = process.argv.slice(2);
if (!cachePath) {
  process.stderr.write(
    'usage: imbalance-comparison.ts <cache index.json> [epochs] [steps/epoch]\n',
  );
  process.exit(2);
}
const epochs = Number(epochsArg ?? 6);
const stepsPerEpoch = Number(stepsArg ?? 100);
const base: TrainConfigInput = {
  model: { name: 'resnet', blocksPerStage: [1, 1, 1, 1], width: 16 },
  inputSize: 64,
  channels: 4,
  epochs,
  stepsPerEpoch,
  batchSize: 32,
  optimizer: { learningRate: 0.002, warmupEpochs: 0.5 },
  // Early stopping off: every variant gets exactly the same number of optimizer steps.
  earlyStopping: { patience: 1000, minDelta: 0 },
  thresholds: { mode: 'global', global: 0.5 },
  seed: 11,
  dataset: { cachePath, splitSeed: 3, validationFraction: 0.2 },
};
const variants: [string, Partial<TrainConfigInput>][] = [
  ['bce', { loss: { name: 'bce' } }],
  ['focal', { loss: { name: 'focal', gamma: 2, alpha: 0.25 } }],
  [
    'bce+oversampling',
    { loss: { name: 'bce' }, sampler: { name: 'rare-oversample', power: 0.5, maxWeight: 20 } },
  ],
  [
    'focal+per-class-thresholds',
    {
      loss: { name: 'focal', gamma: 2, alpha: 0.25 },
      thresholds: { mode: 'per-class', global: 0.5 },
    },
  ],
];

// One split for all four variants (also what trainModel would compute from splitSeed).
const cache = openCache(cachePath);
const split = stratifiedSplit(cache.labels, { validationFraction: 0.2, seed: 3 });
const trainCounts = new Array<number>(NUM_CLASSES).fill(0);
for (const i of split.train)
  for (let c = 0; c < NUM_CLASSES; c++) trainCounts[c]! += cache.labels[i * NUM_CLASSES + c]!;
cache.close();
const rarest = trainCounts
  .map((count, c) => ({ c, count }))
  .sort((a, b) => a.count - b.count || a.c - b.c)
  .slice(0, 5)
  .map((x) => x.c);

const outDir = join(here, 'results', 'imbalance');
mkdirSync(outDir, { recursive: true });
const rows: {
  name: string;
  macroF1: number;
  rareF1: number[];
  rareMean: number;
  seconds: number;
}[] = [];
const runs: ExperimentResult[] = [];
for (const [name, overrides] of variants) {
  const config = parseTrainConfig({ ...base, ...overrides });
  const result = await runExperiment({ name, config, budgetSeconds: 3600, split });
  runs.push(result);
  const rareF1 = rarest.map((c) => result.perClassF1[c] ?? 0);
  rows.push({
    name,
    macroF1: result.bestMacroF1,
    rareF1,
    rareMean: rareF1.reduce((a, b) => a + b, 0) / rareF1.length,
    seconds: result.seconds,
  });
  if (result.config.thresholds.mode === 'per-class') {
    // The same model with thresholds tuned on one half of validation and scored on the other
    // (and back): the row above tunes and scores on the same samples, which flatters it.
    const crossRare = rarest.map((c) => result.crossFitted.perClassF1[c] ?? 0);
    rows.push({
      name: `${name} (cross-fitted)`,
      macroF1: result.crossFitted.macroF1,
      rareF1: crossRare,
      rareMean: crossRare.reduce((a, b) => a + b, 0) / crossRare.length,
      seconds: 0,
    });
  }
}
const table = [
  `| variant | val macro F1 | ${rarest.map((c) => `F1 class ${c} (train n=${trainCounts[c]})`).join(' | ')} | mean of 5 rarest |`,
  `|---|---|${rarest.map(() => '---').join('|')}|---|`,
  ...rows.map(
    (r) =>
      `| ${r.name} | ${r.macroF1.toFixed(3)} | ${r.rareF1.map((f) => f.toFixed(3)).join(' | ')} | ${r.rareMean.toFixed(3)} |`,
  ),
].join('\n');
writeFileSync(
  join(outDir, 'summary.json'),
  JSON.stringify(
    {
      date: new Date().toISOString(),
      cachePath,
      epochs,
      stepsPerEpoch,
      split: { train: split.train.length, validation: split.validation.length },
      rarest,
      trainCounts,
      rows,
      runs,
    },
    null,
    2,
  ) + '\n',
);
writeFileSync(join(outDir, 'table.md'), table + '\n');
process.stdout.write(table + '\n');
process.exit(0);
