// Synthetic samples that take their label sets from a train.csv-style file (the real Kaggle
// labels for the imbalance study) instead of drawing them.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NUM_CLASSES } from '../classes.ts';
import { parseTrainCsv } from '../label-csv.ts';
import { classCounts } from '../label-matrix.ts';
import { REAL_LABEL_FILE, realLabelRows, sharedDataTestsRun, tempDir } from '../test-fixtures.ts';
import { generateSyntheticDataset, labelSetsFromFile } from './generate-dataset.ts';

const tmp = tempDir('labels-from-file');
afterAll(() => tmp.cleanup());

const labelFile = join(tmp.dir, 'labels.csv');
const fileSets = [[0], [0, 25], [27], [9, 10], [5], [0, 21, 25]];
writeFileSync(
  labelFile,
  ['Id,Target', ...fileSets.map((set, i) => `real-${i},${set.join(' ')}`)].join('\n') + '\n',
);

describe('generateSyntheticDataset with labelsFile', () => {
  it("gives sample i the file's row i label set when count is the row count", async () => {
    const out = join(tmp.dir, 'all');
    const result = await generateSyntheticDataset({
      outDir: out,
      count: fileSets.length,
      size: 32,
      seed: 3,
      labelsFile: labelFile,
      workers: 0,
    });
    expect(result.rows.map((r) => r.labels)).toEqual(fileSets);
    const written = parseTrainCsv(readFileSync(join(out, 'train.csv'), 'utf8'), 'train.csv');
    expect(written.map((r) => r.labels)).toEqual(fileSets);
    // Synthetic ids, not the file's: the pixels are generated, the labels only borrowed.
    expect(written.some((r) => r.id.startsWith('real-'))).toBe(false);
    const meta = JSON.parse(readFileSync(join(out, 'synthetic.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(meta).toMatchObject({ count: 6, size: 32, seed: 3, labelsFile: labelFile });
    expect(meta.labelsSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(meta).not.toHaveProperty('rarity');
  });

  it('takes a seeded subset of the rows, in file order, for a smaller count', async () => {
    const a = await labelSetsFromFile(labelFile, 3, 'x');
    expect(a.sets).toHaveLength(3);
    expect(await labelSetsFromFile(labelFile, 3, 'x')).toEqual(a);
    const indices = a.sets.map((set) => fileSets.findIndex((s) => s.join() === set.join()));
    expect(indices.every((i) => i >= 0)).toBe(true);
    expect([...indices].sort((x, y) => x - y)).toEqual(indices);
    const others = await Promise.all(
      ['y', 'z', 'w'].map((s) => labelSetsFromFile(labelFile, 3, s)),
    );
    expect(others.some((o) => JSON.stringify(o.sets) !== JSON.stringify(a.sets))).toBe(true);
  });

  it('names the file when it is missing, malformed or too short', async () => {
    await expect(labelSetsFromFile(join(tmp.dir, 'none.csv'), 2, 1)).rejects.toThrow(
      /labelsFile .*none\.csv: ENOENT/,
    );
    await expect(labelSetsFromFile(labelFile, 7, 1)).rejects.toThrow(
      /count 7 is more than the 6 rows of labelsFile .*labels\.csv/,
    );
    const bad = join(tmp.dir, 'bad.csv');
    writeFileSync(bad, 'Id,Target\na,0 99\n');
    await expect(labelSetsFromFile(bad, 1, 1)).rejects.toThrow(/outside 0\.\.27/);
  });
});

describe.skipIf(!sharedDataTestsRun())('labelsFile = the real Kaggle labels', () => {
  it('keeps every class count of the 31,072 rows', async () => {
    const real = realLabelRows();
    const { sets } = await labelSetsFromFile(REAL_LABEL_FILE, real.length, 1);
    expect(sets).toEqual(real.map((r) => r.labels));
    const counts = classCounts(sets);
    expect(counts).toHaveLength(NUM_CLASSES);
    expect(counts[27]).toBe(11);
  });
});
