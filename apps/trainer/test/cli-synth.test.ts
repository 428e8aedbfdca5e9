// `hpa-train synth` as a member runs it (the bin npm links into node_modules/.bin): the Kaggle
// layout on disk, read back by decoding every PNG, and its one-line answers to bad input.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ALL_CHANNELS, NUM_CLASSES, readKaggleDataset } from '@hpa-lab/ml';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = path.resolve(import.meta.dirname, '../../../node_modules/.bin/hpa-train');
const work = mkdtempSync(path.join(tmpdir(), 'hpa-synth-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function hpaTrain(args: string[]) {
  const result = spawnSync(BIN, args, {
    cwd: work,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HPA_LAB_HOME: path.join(work, 'home') },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('hpa-train synth', () => {
  it('writes train.csv and a greyscale PNG per channel, decodable, deterministic by seed', async () => {
    const first = hpaTrain(['synth', '--out', 'a', '--n', '6', '--size', '64', '--seed', '1']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('synth: 6/6 samples (100%)');
    expect(first.stdout).toMatch(/wrote .*train\.csv and 24 PNGs/);

    const dir = path.join(work, 'a');
    const lines = readFileSync(path.join(dir, 'train.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('Id,Target');
    const rows = lines.slice(1).map((line) => line.split(','));
    expect(rows).toHaveLength(6);
    for (const [id, target] of rows) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-11e8-[0-9a-f]{4}-[0-9a-f]{12}$/);
      const labels = target!.split(' ').map(Number);
      expect(labels.length).toBeGreaterThan(0);
      for (const label of labels) expect(label >= 0 && label < NUM_CLASSES).toBe(true);
    }
    const expected = rows.flatMap(([id]) => ALL_CHANNELS.map((c) => `${id}_${c}.png`)).sort();
    expect(readdirSync(path.join(dir, 'train')).sort()).toEqual(expected);

    // Every file is an 8-bit greyscale 64 x 64 PNG, like Kaggle's, and decodes; the nuclei
    // (blue) and the protein (green) are not blank.
    for (const file of expected) {
      const image = sharp(path.join(dir, 'train', file));
      const meta = await image.metadata();
      expect([meta.format, meta.width, meta.height, meta.channels, meta.depth], file).toEqual([
        'png',
        64,
        64,
        1,
        'uchar',
      ]);
      const pixels = await image.extractChannel(0).raw().toBuffer();
      expect(pixels.length).toBe(64 * 64);
      if (/_(blue|green)\.png$/.test(file)) expect(Math.max(...pixels), file).toBeGreaterThan(0);
    }
    // The trainer's own loader reads it as it reads the Kaggle folder.
    const dataset = await readKaggleDataset({ dir });
    expect(dataset.samples.map((s) => s.id)).toEqual(rows.map(([id]) => id));

    const again = hpaTrain(['synth', '--out', 'b', '--n', '6', '--size', '64', '--seed', '1']);
    expect(again.code).toBe(0);
    for (const file of ['train.csv', ...expected.map((f) => `train/${f}`)]) {
      expect(
        readFileSync(path.join(work, 'b', file)).equals(readFileSync(path.join(dir, file))),
        file,
      ).toBe(true);
    }
  });

  it('answers bad input with one line naming it, and no stack trace', () => {
    writeFileSync(path.join(work, 'a-file'), 'not a folder');
    writeFileSync(path.join(work, 'notes.txt'), '');
    const cases: [string[], string][] = [
      [['synth', '--n', '10'], 'hpa-train: --out is required'],
      [
        ['synth', '--out', 'c', '--n', '0'],
        'hpa-train: --n: expected a whole number in 1..1000000, got "0"',
      ],
      [
        ['synth', '--out', 'c', '--size', '16'],
        'hpa-train: --size: expected a whole number in 32..2048, got "16"',
      ],
      [
        ['synth', '--out', 'a-file'],
        `hpa-train: --out: ${path.join(work, 'a-file')} is a file, not a folder`,
      ],
      [
        ['synth', '--out', '.'],
        `hpa-train: --out: ${work} is not empty and holds no synthetic data set: choose an empty folder`,
      ],
      [['frob'], 'hpa-train: unknown command "frob"'],
    ];
    for (const [args, message] of cases) {
      const result = hpaTrain(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.split('\n')[0]).toBe(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
