// Test helpers: temporary copies of the real HPA samples in ../shared/data, so bad-input cases
// are made from real PNGs. Used by *.test.ts only. Suites that read those samples are wrapped in
// describe.skipIf(!sharedDataTestsRun()): a clone without ../shared skips them outside CI.
import { copyFileSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHARED_DATA, sharedDataTestsRun } from '../../scripts/shared-data-state.mjs';
import { ALL_CHANNELS } from './classes.ts';
import { type LabeledRow, parseTrainCsv } from './label-csv.ts';

export { SHARED_DATA, sharedDataTestsRun };
export const REAL_SAMPLE_DIR = join(SHARED_DATA, 'hpa-sample');
export const REAL_LABEL_FILE = join(SHARED_DATA, 'hpa-kaggle-train-labels.csv');
/** The real 31,072-row Kaggle label file; empty where its tests are skipped. */
export function realLabelRows(): LabeledRow[] {
  if (!sharedDataTestsRun()) return [];
  return parseTrainCsv(readFileSync(REAL_LABEL_FILE, 'utf8'), REAL_LABEL_FILE);
}

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

/** The sample's ids; none where its tests are skipped, so a suite may call it at load time. */
export function realIds(): string[] {
  if (!sharedDataTestsRun()) return [];
  const csv = readFileSync(join(REAL_SAMPLE_DIR, 'train.csv'), 'utf8');
  return csv
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',')[0] as string);
}
