// The grouped decode path (three channels in one pipeline, one 3-band resize) must give the
// cache exactly the bytes of the reference single-channel path, at several output sizes, for
// synthetic and real 512 px samples; inputs it does not cover fall back to the reference path.
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_CHANNELS, type Channel } from './classes.ts';
import { decodeSampleHwc, decodeSampleHwcPerChannel } from './image-decode.ts';
import { generateSyntheticDataset } from './synthetic/generate-dataset.ts';
import { REAL_SAMPLE_DIR, realIds, sharedDataTestsRun, tempDir } from './test-fixtures.ts';

const tmp = tempDir('decode');
afterAll(() => tmp.cleanup());

const filesOf = (dir: string, id: string) =>
  Object.fromEntries(ALL_CHANNELS.map((c) => [c, join(dir, `${id}_${c}.png`)])) as Record<
    Channel,
    string
  >;

async function expectSameBytes(files: Record<Channel, string>, channels: Channel[], size: number) {
  const fast = await decodeSampleHwc(files, channels, size);
  const reference = await decodeSampleHwcPerChannel(files, channels, size);
  expect(fast.length).toBe(size * size * channels.length);
  // Buffer.compare instead of toEqual: a 256 KB diff would be unreadable.
  expect(Buffer.compare(Buffer.from(fast), Buffer.from(reference))).toBe(0);
}

describe('decodeSampleHwc on synthetic 512 px samples', () => {
  let dir = '';
  let ids: string[] = [];
  beforeAll(async () => {
    const made = await generateSyntheticDataset({
      outDir: join(tmp.dir, 'synthetic'),
      count: 3,
      size: 512,
      seed: 'decode',
      pngCompression: 6,
      workers: 0,
    });
    dir = join(made.dir, 'train');
    ids = made.rows.map((r) => r.id);
  });

  it('gives the reference bytes for 4 and 3 channels at 256, 128, 100 and 48 px', async () => {
    for (const id of ids) {
      for (const size of [256, 128, 100, 48]) {
        await expectSameBytes(filesOf(dir, id), [...ALL_CHANNELS], size);
      }
      await expectSameBytes(filesOf(dir, id), ['yellow', 'green', 'red'], 256);
    }
  });

  it('falls back to the reference path when the channels differ in size', async () => {
    const id = ids[0] as string;
    const files = { ...filesOf(dir, id), green: join(tmp.dir, 'green-300.png') };
    await sharp(filesOf(dir, id).green)
      .resize(300, 300)
      .toColourspace('b-w')
      .png()
      .toFile(files.green);
    await expectSameBytes(files, [...ALL_CHANNELS], 128);
  });
});

describe.skipIf(!sharedDataTestsRun())('decodeSampleHwc on the real HPA samples', () => {
  it('gives the reference bytes at 256 and 128 px', async () => {
    for (const id of realIds()) {
      for (const size of [256, 128]) {
        await expectSameBytes(filesOf(join(REAL_SAMPLE_DIR, 'train'), id), [...ALL_CHANNELS], size);
      }
    }
  });
});
