// Generates a synthetic HPA-like data set in the Kaggle layout.
//
//   npx tsx scripts/generate-synthetic.ts --out /tmp/hpa-synth --count 2000 --size 256 \
//     --seed 1 --rarity 1
//   npx tsx scripts/generate-synthetic.ts --out /tmp/hpa-study --count 31072 --size 64 \
//     --labels-from ../../../shared/data/hpa-kaggle-train-labels.csv   # the real label sets
import { parseArgs } from 'node:util';
import { createCliProgress } from '../src/data/cli/progress-bar.ts';
import { generateSyntheticDataset } from '../src/data/synthetic/generate-dataset.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    count: { type: 'string', default: '1000' },
    size: { type: 'string', default: '256' },
    seed: { type: 'string', default: '1' },
    rarity: { type: 'string', default: '1' },
    'labels-from': { type: 'string' },
  },
});
if (!values.out) {
  process.stderr.write(
    'usage: generate-synthetic --out DIR [--count N] [--size PX] [--seed S] [--rarity 0..1]' +
      ' [--labels-from train.csv]\n',
  );
  process.exit(2);
}
const progress = createCliProgress('synthetic');
const started = performance.now();
const result = await generateSyntheticDataset({
  outDir: values.out,
  count: Number(values.count),
  size: Number(values.size),
  seed: values.seed ?? '1',
  rarity: Number(values.rarity),
  ...(values['labels-from'] ? { labelsFile: values['labels-from'] } : {}),
  onProgress: progress.onProgress,
});
progress.stop();
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  `wrote ${result.rows.length} samples to ${result.dir} in ${seconds.toFixed(1)} s (${(result.rows.length / seconds).toFixed(1)}/s)\n`,
);
