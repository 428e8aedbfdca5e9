// The user's test folder, read with errors a member can act on: each bad-input case becomes one
// line (a UsageError, printed without a stack) naming what is wrong and how to fix it.
import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { ALL_CHANNELS, DatasetError, readKaggleTestSet, type KaggleDataset } from '@hpa-lab/ml';
import { UsageError } from '../cli/train-args.ts';

const CHANNEL_FILE = new RegExp(`^(.+)_(${ALL_CHANNELS.join('|')})\\.png$`);

/** DatasetError (packages/ml names the file and the problem) → what to do about it. */
export function explainDatasetError(error: DatasetError): UsageError {
  const name = basename(error.file);
  switch (error.code) {
    case 'missing-file': {
      const match = CHANNEL_FILE.exec(name);
      if (!match) return new UsageError(`${error.message}: check the path`);
      const [, id, channel] = match;
      return new UsageError(
        `sample ${id} has no ${channel} channel: ${error.file} is missing; add that file, or ` +
          `remove ${id} (its other channel files, or its row of sample_submission.csv)`,
      );
    }
    case 'unreadable-image':
      return new UsageError(
        `${error.file}: ${error.problem}; replace it with an intact copy (download or unpack ` +
          'it again) or remove the sample',
      );
    case 'empty-dataset':
      return new UsageError(
        `${error.file}: ${error.problem}; --data must be a Kaggle test folder (test/ or the ` +
          `<Id>_<${ALL_CHANNELS.join('|')}>.png files themselves)`,
      );
    default:
      return new UsageError(`${error.message}; fix that file or remove the sample`);
  }
}

/** Reads the test layout (ids and file names; pixels are decoded later, by the cache build). */
export async function readTestFolder(dataDir: string): Promise<KaggleDataset> {
  if (!existsSync(dataDir)) {
    throw new UsageError(
      `--data ${dataDir}: no such folder; give the Kaggle test folder (the one holding test/ ` +
        'or the <Id>_<channel>.png files)',
    );
  }
  if (!statSync(dataDir).isDirectory()) {
    throw new UsageError(`--data ${dataDir}: is a file, not a folder; give the test folder`);
  }
  try {
    return await readKaggleTestSet({ dir: dataDir });
  } catch (error) {
    if (error instanceof DatasetError) throw explainDatasetError(error);
    throw error;
  }
}
