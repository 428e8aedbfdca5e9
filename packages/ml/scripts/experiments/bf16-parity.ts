// README experiment (issue 23, item 5): the balanced 128 px run (balanced-f1.ts's config) in
// float32 and then in bfloat16, same data, split, seed and epochs; bfloat16 holds where its
// validation macro F1 stays within 0.01 of float32's (same-split thresholds and cross-fitted).
// Usage: tsx scripts/experiments/bf16-parity.ts <cache index.json> [epochs] [steps/epoch]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { balancedConfig } from './balanced-config.ts';
import { runExperiment, type ExperimentResult } from './run-experiment.ts';

const here = dirname(fileURLToPath(import.meta.url));
const [cachePath, epochsArg, stepsArg] = process.argv.slice(2);
if (!cachePath) {
  process.stderr.write('usage: bf16-parity.ts <cache index.json> [epochs] [steps/epoch]\n');
  process.exit(2);
}
const epochs = Number(epochsArg ?? 40);
const steps = Number(stepsArg ?? 75);
// No budget to speak of: both runs must finish every epoch for the comparison to hold.
const budgetSeconds = 4 * 3600;
const runs: Record<string, ExperimentResult> = {};
for (const precision of ['float32', 'bfloat16'] as const) {
  runs[precision] = await runExperiment({
    name: `balanced-128-${precision}`,
    config: balancedConfig(cachePath, epochs, steps, { precision, backend: 'wasm-onednn' }),
    budgetSeconds,
  });
}
const f32 = runs.float32!;
const bf16 = runs.bfloat16!;
const difference = {
  bestMacroF1: bf16.bestMacroF1 - f32.bestMacroF1,
  crossFittedMacroF1: bf16.crossFitted.macroF1 - f32.crossFitted.macroF1,
};
const holds =
  Math.abs(difference.bestMacroF1) <= 0.01 && Math.abs(difference.crossFittedMacroF1) <= 0.01;
const outDir = join(here, 'results', 'bf16-parity');
mkdirSync(outDir, { recursive: true });
writeFileSync(
  join(outDir, 'summary.json'),
  JSON.stringify({ date: new Date().toISOString(), cachePath, difference, holds, runs }, null, 2) +
    '\n',
);
const line = (r: ExperimentResult) =>
  `${r.backend.precision}: best ${r.bestMacroF1.toFixed(4)} (epoch ${r.bestEpoch}), ` +
  `cross-fitted ${r.crossFitted.macroF1.toFixed(4)}, ${r.epochsRun} epochs in ${r.seconds.toFixed(0)} s`;
process.stdout.write(
  `${line(f32)}\n${line(bf16)}\ndifference ${JSON.stringify(difference)}; within 0.01: ${holds}\n`,
);
process.exit(0);
