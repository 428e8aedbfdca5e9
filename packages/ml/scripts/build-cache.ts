// Decodes a Kaggle-layout folder once into the preprocessing cache, with a progress bar.
//
//   npx tsx scripts/build-cache.ts --dir /data/hpa --size 256 --channels green,red,blue,yellow \
//     --cache-dir /data/hpa-cache [--check content] [--force]
import { parseArgs } from 'node:util';
import { buildCache } from '../src/data/build-cache.ts';
import { parseChannels } from '../src/data/classes.ts';
import { createCliProgress } from '../src/data/cli/progress-bar.ts';
import { DatasetError } from '../src/data/dataset-error.ts';
import { readKaggleDataset } from '../src/data/kaggle-dataset.ts';

const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    csv: { type: 'string' },
    'image-dir': { type: 'string' },
    size: { type: 'string', default: '256' },
    channels: { type: 'string', default: 'red,green,blue,yellow' },
    'cache-dir': { type: 'string' },
    concurrency: { type: 'string' },
    check: { type: 'string', default: 'stat' },
    force: { type: 'boolean', default: false },
  },
});
if (!values.dir || !values['cache-dir']) {
  process.stderr.write(
    'usage: build-cache --dir DIR --cache-dir DIR [--size PX] [--channels a,b]\n',
  );
  process.exit(2);
}
const channels = parseChannels((values.channels ?? '').split(','));
const progress = createCliProgress(`cache ${values.size}px`);
try {
  const dataset = await readKaggleDataset({
    dir: values.dir,
    csv: values.csv,
    imageDir: values['image-dir'],
    channels,
  });
  const result = await buildCache({
    dataset,
    size: Number(values.size),
    channels,
    cacheDir: values['cache-dir'],
    concurrency: values.concurrency ? Number(values.concurrency) : undefined,
    sourceCheck: values.check === 'content' ? 'content' : 'stat',
    force: values.force,
    onProgress: progress.onProgress,
  });
  progress.stop();
  const { index } = result;
  process.stdout.write(
    `${result.rebuilt ? 'built' : 'up to date'}: ${result.indexPath}\n` +
      `${index.count} samples, ${index.size}px, channels ${index.channels.join(',')}, ` +
      `${index.buildSeconds.toFixed(1)} s, dataset fingerprint ${index.datasetFingerprint.slice(0, 16)}\n`,
  );
} catch (error) {
  progress.stop();
  if (error instanceof DatasetError) {
    process.stderr.write(`bad input: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
