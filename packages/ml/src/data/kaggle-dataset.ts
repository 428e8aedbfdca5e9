// Reads the Kaggle layout: `train.csv` (Id,Target) plus `{Id}_{red,green,blue,yellow}.png`, and
// test folders without labels. Only file presence is checked here (cheap stats); pixels are
// decoded and checked by the cache build, which stops at the first bad image.
import { existsSync, statSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ALL_CHANNELS, type Channel } from './classes.ts';
import { DatasetError } from './dataset-error.ts';
import { parseSubmissionIds, parseTrainCsv } from './label-csv.ts';

export interface KaggleSample {
  id: string;
  /** Sorted class indices; empty for unlabeled test samples. */
  labels: number[];
  /** Absolute path of each channel's PNG. */
  files: Record<Channel, string>;
}

export interface KaggleDataset {
  /** The CSV the labels (or the test order) came from; null for a scanned test folder. */
  csvFile: string | null;
  imageDir: string;
  labeled: boolean;
  samples: KaggleSample[];
}

export interface ReadKaggleDatasetOptions {
  /** Dataset root, e.g. the folder holding train.csv and train/. */
  dir: string;
  /** Label file; default `<dir>/train.csv`. */
  csv?: string;
  /** Image folder; default `<dir>/train` when it exists, else `<dir>`. */
  imageDir?: string;
  /** Channels whose files must exist; default all four. */
  channels?: readonly Channel[];
}

function defaultImageDir(dir: string, sub: string): string {
  const candidate = join(dir, sub);
  return existsSync(candidate) && statSync(candidate).isDirectory() ? candidate : dir;
}

function channelFiles(imageDir: string, id: string): Record<Channel, string> {
  const files = {} as Record<Channel, string>;
  for (const channel of ALL_CHANNELS) files[channel] = join(imageDir, `${id}_${channel}.png`);
  return files;
}

// Stats run with bounded concurrency: 31k samples x 4 files would otherwise open ~124k
// requests at once.
async function assertFilesExist(
  samples: readonly KaggleSample[],
  channels: readonly Channel[],
  csvFile: string | null,
): Promise<void> {
  const paths = samples.flatMap((s) => channels.map((c) => s.files[c]));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      const path = paths[next++] as string;
      const info = await stat(path).catch(() => null);
      if (!info?.isFile()) {
        const listed = csvFile ? ` (listed in ${csvFile})` : '';
        throw new DatasetError({
          file: path,
          code: 'missing-file',
          problem: `channel file is missing${listed}`,
        });
      }
      if (info.size === 0) {
        throw new DatasetError({ file: path, code: 'unreadable-image', problem: 'file is empty' });
      }
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new DatasetError(
      { file, code: 'missing-file', problem: 'label file cannot be read' },
      { cause: error },
    );
  }
}

/** Reads a labeled Kaggle folder; throws DatasetError (file, line, problem) on bad input. */
export async function readKaggleDataset(options: ReadKaggleDatasetOptions): Promise<KaggleDataset> {
  const dir = resolve(options.dir);
  const csvFile = resolve(options.csv ?? join(dir, 'train.csv'));
  const imageDir = resolve(options.imageDir ?? defaultImageDir(dir, 'train'));
  const rows = parseTrainCsv(await readText(csvFile), csvFile);
  const samples = rows.map((row) => ({ ...row, files: channelFiles(imageDir, row.id) }));
  await assertFilesExist(samples, options.channels ?? ALL_CHANNELS, csvFile);
  return { csvFile, imageDir, labeled: true, samples };
}

export interface ReadKaggleTestSetOptions {
  dir: string;
  /** Default `<dir>/test` when it exists, else `<dir>`. */
  imageDir?: string;
  /** Order of the ids; default `<dir>/sample_submission.csv` when present, else sorted ids. */
  submissionCsv?: string;
  channels?: readonly Channel[];
}

/** Reads an unlabeled test folder in the order of sample_submission.csv when there is one. */
export async function readKaggleTestSet(options: ReadKaggleTestSetOptions): Promise<KaggleDataset> {
  const dir = resolve(options.dir);
  const imageDir = resolve(options.imageDir ?? defaultImageDir(dir, 'test'));
  const submission = resolve(options.submissionCsv ?? join(dir, 'sample_submission.csv'));
  let ids: string[];
  let csvFile: string | null = null;
  if (options.submissionCsv !== undefined || existsSync(submission)) {
    csvFile = submission;
    ids = parseSubmissionIds(await readText(submission), submission);
  } else {
    const suffix = '_green.png';
    ids = (await readdir(imageDir))
      .filter((name) => name.endsWith(suffix))
      .map((name) => name.slice(0, -suffix.length))
      .sort();
    if (ids.length === 0) {
      throw new DatasetError({
        file: imageDir,
        code: 'empty-dataset',
        problem: `no *${suffix} files found`,
      });
    }
  }
  const samples = ids.map((id) => ({ id, labels: [], files: channelFiles(imageDir, id) }));
  await assertFilesExist(samples, options.channels ?? ALL_CHANNELS, csvFile);
  return { csvFile, imageDir, labeled: false, samples };
}
