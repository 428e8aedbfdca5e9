// Each bad-input case from the issue, made from copies of the real samples: the load must stop
// with a DatasetError that names the file and the problem, and leave no cache behind (or the
// previous cache intact).
import { readFileSync, readdirSync, rmSync, truncateSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCache } from './build-cache.ts';
import { ALL_CHANNELS } from './classes.ts';
import { DatasetError } from './dataset-error.ts';
import { readKaggleDataset } from './kaggle-dataset.ts';
import { openCache } from './open-cache.ts';
import { copyRealSample, realIds, sharedDataTestsRun, tempDir } from './test-fixtures.ts';

let tmp: ReturnType<typeof tempDir>;
let dir: string;
let cacheDir: string;
beforeEach(() => {
  tmp = tempDir('bad');
  dir = copyRealSample(join(tmp.dir, 'data'));
  cacheDir = join(tmp.dir, 'cache');
});
afterEach(() => tmp.cleanup());

/** The whole load: read the folder, then decode everything into the cache. */
async function load() {
  const dataset = await readKaggleDataset({ dir });
  return buildCache({ dataset, size: 64, channels: ALL_CHANNELS, cacheDir });
}

async function loadError(): Promise<DatasetError> {
  const error = await load().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatasetError);
  return error as DatasetError;
}

function cacheFiles(): string[] {
  try {
    return readdirSync(cacheDir);
  } catch {
    return [];
  }
}

function editCsv(edit: (lines: string[]) => string[]) {
  const file = join(dir, 'train.csv');
  writeFileSync(file, edit(readFileSync(file, 'utf8').trim().split('\n')).join('\n') + '\n');
}

const [first, second] = realIds() as [string, string];

describe.skipIf(!sharedDataTestsRun())(
  'bad input stops the load with the file and the problem',
  () => {
    it('a missing channel file', async () => {
      rmSync(join(dir, 'train', `${second}_yellow.png`));
      const error = await loadError();
      expect(error.code).toBe('missing-file');
      expect(error.file).toBe(join(dir, 'train', `${second}_yellow.png`));
      expect(error.message).toContain('channel file is missing');
      expect(error.message).toContain('train.csv');
      expect(cacheFiles()).toEqual([]);
    });

    it('a truncated PNG', async () => {
      const file = join(dir, 'train', `${second}_green.png`);
      truncateSync(file, Math.floor(statSync(file).size / 2));
      const error = await loadError();
      expect(error.code).toBe('unreadable-image');
      expect(error.file).toBe(file);
      expect(error.message).toMatch(/truncated/);
      expect(cacheFiles()).toEqual([]);
    });

    it('a PNG whose pixel data has a flipped byte', async () => {
      // The fast decoder (png-gray8.ts) refuses it by its CRC; the error must still name the file.
      const file = join(dir, 'train', `${second}_yellow.png`);
      const bytes = readFileSync(file);
      const at = bytes.indexOf('IDAT', 0, 'latin1') + 200;
      bytes[at] = (bytes[at] as number) ^ 0x40;
      writeFileSync(file, bytes);
      const error = await loadError();
      expect(error.code).toBe('unreadable-image');
      expect(error.file).toBe(file);
      expect(error.message).toMatch(/cannot decode PNG/);
      expect(cacheFiles()).toEqual([]);
    });

    it('a file that is not a PNG at all', async () => {
      const file = join(dir, 'train', `${first}_blue.png`);
      writeFileSync(file, 'this is not an image');
      const error = await loadError();
      expect(error.file).toBe(file);
      expect(error.message).toContain('not a PNG');
    });

    it('a label outside 0..27', async () => {
      editCsv((lines) => lines.map((l, i) => (i === 2 ? `${l.split(',')[0]},31` : l)));
      const error = await loadError();
      expect(error).toMatchObject({ code: 'bad-label', line: 3, file: join(dir, 'train.csv') });
      expect(error.message).toContain('label "31"');
      expect(cacheFiles()).toEqual([]);
    });

    it('a duplicate Id', async () => {
      editCsv((lines) => [...lines, `${first},3`]);
      const error = await loadError();
      expect(error).toMatchObject({ code: 'duplicate-id', line: 7 });
      expect(error.message).toContain(`duplicate Id "${first}" (first seen on line 2)`);
    });

    it('an empty Target', async () => {
      editCsv((lines) => lines.map((l, i) => (i === 4 ? `${l.split(',')[0]},` : l)));
      const error = await loadError();
      expect(error).toMatchObject({ code: 'empty-target', line: 5 });
    });

    it('a header that is not Id,Target', async () => {
      editCsv((lines) => ['Id,Label', ...lines.slice(1)]);
      const error = await loadError();
      expect(error).toMatchObject({ code: 'bad-header', line: 1, file: join(dir, 'train.csv') });
      expect(error.message).toContain('header is "Id,Label", expected "Id,Target"');
    });

    it('a failed rebuild keeps the previous cache intact', async () => {
      const good = await load();
      const before = openCache(good.indexPath).readBatch([0, 1, 2, 3, 4]);
      const file = join(dir, 'train', `${second}_red.png`);
      truncateSync(file, 5000);
      const error = await loadError();
      expect(error.file).toBe(file);
      const after = openCache(good.indexPath);
      expect(Buffer.from(after.readBatch([0, 1, 2, 3, 4])).equals(Buffer.from(before))).toBe(true);
      expect(cacheFiles().filter((f) => f.includes('.tmp-'))).toEqual([]);
      after.close();
    });
  },
);
