// README experiment: on balanced synthetic data (rarity 0) at 128 px, a ResNet-style model
// trained on this machine's CPU within a 15-minute wall-clock budget (training + evaluation).
// Usage: tsx scripts/experiments/balanced-f1.ts <cache index.json> [budget s] [epochs] [steps/epoch]
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { balancedConfig } from './balanced-config.ts';
import { runExperiment } from './run-experiment.ts';

const here = dirname(fileURLToPath(import.meta.url));
const [cachePath, budgetArg, epochsArg, stepsArg] = process.argv.slice(2);
if (!cachePath) {
  process.stderr.write(
    'usage: balanced-f1.ts <cache index.json> [budget s] [epochs] [steps/epoch]\n',
  );
  process.exit(2);
}
// The budget covers everything after start-up; the run stops at the budget with its best
// epoch kept, so the schedule is sized to end a little before it on an unloaded machine.
const budgetSeconds = Number(budgetArg ?? 880);
const config = balancedConfig(cachePath, Number(epochsArg ?? 17), Number(stepsArg ?? 75));
const outDir = join(here, 'results', 'balanced');
mkdirSync(outDir, { recursive: true });
const started = performance.now();
const result = await runExperiment({ name: 'balanced-128', config, budgetSeconds });
const wallSeconds = (performance.now() - started) / 1000;
writeFileSync(
  join(outDir, 'summary.json'),
  JSON.stringify(
    { date: new Date().toISOString(), cachePath, budgetSeconds, wallSeconds, ...result },
    null,
    2,
  ) + '\n',
);
process.stdout.write(
  `best validation macro F1 ${result.bestMacroF1.toFixed(4)} at epoch ${result.bestEpoch} ` +
    `(${result.epochsRun} epochs, ${wallSeconds.toFixed(0)} s, stop: ${result.stopReason})\n`,
);
process.exit(0);
