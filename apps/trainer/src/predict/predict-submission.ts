// The prediction itself: decode the test images through the data layer's cache (at the model's
// input size, reused while the files are unchanged), run the model, cut each class at its
// threshold and write the competition's CSV (Id,Predicted; classes space-separated, empty when
// none passes). The model was trained on the same cache format, so its inputs match training.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  ALL_CHANNELS,
  DatasetError,
  NUM_CLASSES,
  buildCache,
  openCache,
  predictProbabilities,
  selectChannels,
  submissionLines,
  type KaggleDataset,
  type LoadedModel,
} from '@hpa-lab/ml';
import { explainDatasetError } from './test-folder.ts';

export interface SubmissionResult {
  samples: number;
  /** Samples with at least one class predicted. */
  labelled: number;
  /** Whether the decoded test cache was built now (false: reused). */
  decoded: boolean;
}

export async function predictSubmission(options: {
  loaded: LoadedModel;
  dataset: KaggleDataset;
  home: string;
  outFile: string;
  batchSize: number;
  onDecodeProgress?: (done: number, total: number) => void;
}): Promise<SubmissionResult> {
  const { model, config, thresholds } = options.loaded;
  let built;
  try {
    built = await buildCache({
      dataset: options.dataset,
      size: config.inputSize,
      channels: ALL_CHANNELS,
      cacheDir: join(options.home, 'cache'),
      ...(options.onDecodeProgress ? { onProgress: options.onDecodeProgress } : {}),
    });
  } catch (error) {
    if (error instanceof DatasetError) throw explainDatasetError(error);
    throw error;
  }
  const cache = openCache(built.indexPath);
  try {
    const indices = Array.from({ length: cache.count }, (_, i) => i);
    const { probabilities } = await predictProbabilities(model, cache, indices, {
      inputSize: config.inputSize,
      channelIndices: selectChannels(cache, config.channels),
      batchSize: options.batchSize,
    });
    const lines = submissionLines(cache.ids, probabilities, thresholds);
    await mkdir(dirname(options.outFile), { recursive: true });
    await writeFile(options.outFile, ['Id,Predicted', ...lines].join('\n') + '\n');
    return {
      samples: cache.count,
      labelled: lines.filter((line) => !line.endsWith(',')).length,
      decoded: built.rebuilt,
    };
  } finally {
    cache.close();
  }
}

export const DEFAULT_THRESHOLDS: readonly number[] = new Array<number>(NUM_CLASSES).fill(0.5);
