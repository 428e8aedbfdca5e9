// Trains one run from a TrainConfig JSON file on its cache (config.dataset.cachePath).
// Usage: tsx scripts/train-run.ts <config.json> [--budget-seconds N] [--out DIR] [--name NAME]
import { readFileSync } from 'node:fs';
import { parseTrainConfig } from '../src/config/train-config.ts';
import { runExperiment } from './experiments/run-experiment.ts';

const args = process.argv.slice(2);
const configPath = args[0];
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
if (!configPath) {
  process.stderr.write(
    'usage: train-run.ts <config.json> [--budget-seconds N] [--out DIR] [--name NAME]\n',
  );
  process.exit(2);
}
const config = parseTrainConfig(JSON.parse(readFileSync(configPath, 'utf8')));
const outDir = flag('--out');
const result = await runExperiment({
  name: flag('--name') ?? 'run',
  config,
  budgetSeconds: Number(flag('--budget-seconds') ?? 24 * 3600),
  ...(outDir ? { outDir } : {}),
});
const { history: _history, config: _config, ...brief } = result;
process.stdout.write(JSON.stringify(brief, null, 2) + '\n');
process.exit(0);
