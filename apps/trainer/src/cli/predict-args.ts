// Arguments of `hpa-train predict --model <folder | run id | alias> --data <test folder>
// [--out submission.csv] [--upload] [--backend name] [--batch-size n]`.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { backendNameSchema, type BackendChoice } from '@hpa-lab/ml/config';
import { UsageError } from './train-args.ts';

export const PREDICT_USAGE = `Usage: hpa-train predict --model <model> --data <test folder> [options]
  --model <model>     a model folder (model.json, weights.bin, thresholds.json...) or model.tar,
                      a run id (its model artifact is downloaded), or a registry alias:
                      champion, or <model name>@<alias> when several models have that alias
  --data <dir>        Kaggle test folder: test/<Id>_<red|green|blue|yellow>.png (or the PNGs
                      themselves), in the order of sample_submission.csv when it has one
  --out <file>        submission CSV to write (default submission.csv)
  --upload            also store the CSV as a SUBMISSION artifact of the model's run
  --backend <name>    force auto | tensorflow-gpu | tensorflow | wasm-onednn | wasm | cpu
  --batch-size <n>    samples per forward pass (default 32)
Environment: HPA_API_URL, HPA_API_KEY (for a run id, an alias or --upload), HPA_LAB_HOME.`;

export interface PredictArgs {
  model: string;
  dataDir: string;
  outFile: string;
  upload: boolean;
  backend: BackendChoice | undefined;
  batchSize: number;
}

/** `baseDir`: where relative paths are resolved (the folder the command was typed in). */
export function parsePredictArgs(argv: readonly string[], baseDir: string): PredictArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        model: { type: 'string' },
        data: { type: 'string' },
        out: { type: 'string', default: 'submission.csv' },
        upload: { type: 'boolean', default: false },
        backend: { type: 'string' },
        'batch-size': { type: 'string', default: '32' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (!values.model) throw new UsageError('--model is required (a folder, a run id or an alias)');
  if (!values.data) throw new UsageError('--data is required (the Kaggle test folder)');
  const backend =
    values.backend === undefined ? undefined : backendNameSchema.safeParse(values.backend);
  if (backend && !backend.success) {
    throw new UsageError(`--backend: expected one of ${backendNameSchema.options.join(', ')}`);
  }
  const batchSize = Number(values['batch-size']);
  if (!/^\d+$/.test(values['batch-size']) || batchSize < 1 || batchSize > 4096) {
    throw new UsageError(
      `--batch-size: expected a whole number in 1..4096, got "${values['batch-size']}"`,
    );
  }
  return {
    model: values.model,
    dataDir: resolve(baseDir, values.data),
    outFile: resolve(baseDir, values.out),
    upload: values.upload,
    backend: backend?.data,
    batchSize,
  };
}
