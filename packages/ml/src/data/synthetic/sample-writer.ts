// Renders synthetic sample `index` and writes its four channel PNGs: the unit of work shared by
// the inline path and the worker threads.
import { join } from 'node:path';
import sharp from 'sharp';
import { ALL_CHANNELS } from '../classes.ts';
import { createRng } from '../random.ts';
import { renderSample } from './render-sample.ts';

export interface SampleJob {
  seed: number | string;
  index: number;
  id: string;
  labels: number[];
  size: number;
  imageDir: string;
  /** zlib level 0..9; the generator favours speed (1), the Kaggle files used the default (6). */
  compression: number;
}

export async function renderAndWrite(job: SampleJob): Promise<void> {
  const planes = renderSample(
    createRng(`${String(job.seed)}|pixels|${job.index}`),
    job.size,
    job.labels,
  );
  await Promise.all(
    ALL_CHANNELS.map((channel) =>
      sharp(planes[channel], { raw: { width: job.size, height: job.size, channels: 1 } })
        // Greyscale PNGs (colour type 0), as Kaggle's: without it sharp writes one grey plane
        // as RGB, three times the pixels for a loader to decode.
        .toColourspace('b-w')
        .png({ compressionLevel: job.compression })
        .toFile(join(job.imageDir, `${job.id}_${channel}.png`)),
    ),
  );
}
