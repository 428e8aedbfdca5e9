// Test helpers: temporary copies of the real HPA samples in ../shared/data, so bad-input cases
// are made from real PNGs. Used by *.test.ts only.
import { copyFileSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_CHANNELS } from './classes.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const SHARED_DATA = resolve(here, '../../../../../shared/data');
export const REAL_SAMPLE_DIR = join(SHARED_DATA, 'hpa-sample');
export const REAL_LABEL_FILE = join(SHARED_DATA, 'hpa-kaggle-train-labels.csv');
export const FULLRES_ID = 'a7faf0b4-bb99-11e8-b2b9-ac1f6b6435d0';

export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `hpa-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Copies the real 512 px sample (train.csv + train/*.png) into `dir`. */
export function copyRealSample(dir: string): string {
  mkdirSync(join(dir, 'train'), { recursive: true });
  const csv = readFileSync(join(REAL_SAMPLE_DIR, 'train.csv'), 'utf8');
  writeFileSync(join(dir, 'train.csv'), csv);
  for (const line of csv.trim().split('\n').slice(1)) {
    const id = line.split(',')[0] as string;
    for (const c of ALL_CHANNELS) {
      copyFileSync(
        join(REAL_SAMPLE_DIR, 'train', `${id}_${c}.png`),
        join(dir, 'train', `${id}_${c}.png`),
      );
    }
  }
  return dir;
}

export function realIds(): string[] {
  const csv = readFileSync(join(REAL_SAMPLE_DIR, 'train.csv'), 'utf8');
  return csv
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',')[0] as string);
}
