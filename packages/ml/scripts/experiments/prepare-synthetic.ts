// Generates a synthetic HPA-like data set (Kaggle layout) and builds its uint8 cache.
// Usage: tsx scripts/experiments/prepare-synthetic.ts <outDir> <count> <size> <rarity> [seed]
// Prints the cache index path (what the experiments' --cache takes).
import { join } from 'node:path';
import {
  ALL_CHANNELS,
  buildCache,
  generateSyntheticDataset,
  readKaggleDataset,
} from '../../src/data/index.ts';

const [outDir, countArg, sizeArg, rarityArg, seedArg] = process.argv.slice(2);
if (!outDir || !countArg || !sizeArg || !rarityArg) {
  process.stderr.write('usage: prepare-synthetic.ts <outDir> <count> <size> <rarity> [seed]\n');
  process.exit(2);
}
const count = Number(countArg);
const size = Number(sizeArg);
const rarity = Number(rarityArg);
const seed = seedArg ?? 'hpa-lab-synthetic';
const started = performance.now();
await generateSyntheticDataset({
  outDir,
  count,
  size,
  seed,
  rarity,
  onProgress: (done, total) => {
    if (done % 500 === 0 || done === total) process.stderr.write(`generated ${done}/${total}\n`);
  },
});
const dataset = await readKaggleDataset({ dir: outDir });
const { indexPath } = await buildCache({
  dataset,
  size,
  channels: ALL_CHANNELS,
  cacheDir: join(outDir, 'cache'),
});
process.stderr.write(`done in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
process.stdout.write(`${indexPath}\n`);
