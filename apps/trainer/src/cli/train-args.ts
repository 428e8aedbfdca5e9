// Arguments of `npm run train -- --config run.json [...]`, and reading the config file with
// errors that name the file (and the field, via parseTrainConfig).
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  backendNameSchema,
  parseTrainConfig,
  type BackendChoice,
  type TrainConfig,
} from '@hpa-lab/ml';

export const TRAIN_USAGE = `Usage: npm run train -w @hpa-lab/trainer -- --config run.json [options]
  --config <file>     TrainConfig JSON (required)
  --name <text>       run name (default: the config file name)
  --approach <text>   approach (default: "<model> + <loss> + <sampler>")
  --tags a,b          tags
  --project <slug>    project (default: the first one)
  --test-dir <dir>    Kaggle test folder: write predictions and a submission
  --backend <name>    force auto | tensorflow-gpu | tensorflow | wasm-onednn | wasm | cpu
Environment: HPA_API_URL (default http://127.0.0.1:4000), HPA_API_KEY (required), HPA_LAB_HOME.`;

export interface TrainArgs {
  configFile: string;
  config: TrainConfig;
  name: string;
  approach: string;
  tags: string[];
  project: string | undefined;
  testDir: string | undefined;
  backend: BackendChoice | undefined;
}

export class UsageError extends Error {}

/** `baseDir`: where relative paths are resolved (npm runs scripts in the workspace folder). */
export async function parseTrainArgs(argv: readonly string[], baseDir: string): Promise<TrainArgs> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        config: { type: 'string' },
        name: { type: 'string' },
        approach: { type: 'string' },
        tags: { type: 'string' },
        project: { type: 'string' },
        'test-dir': { type: 'string' },
        backend: { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (!values.config) throw new UsageError('--config is required');
  const configFile = resolve(baseDir, values.config);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(configFile, 'utf8'));
  } catch (error) {
    throw new UsageError(`${configFile}: ${(error as Error).message}`);
  }
  let config: TrainConfig;
  try {
    config = parseTrainConfig(raw);
  } catch (error) {
    throw new UsageError(`${configFile}: ${(error as Error).message}`);
  }
  const backend =
    values.backend === undefined ? undefined : backendNameSchema.safeParse(values.backend);
  if (backend && !backend.success) {
    throw new UsageError(`--backend: expected one of ${backendNameSchema.options.join(', ')}`);
  }
  return {
    configFile,
    config,
    name: values.name ?? basename(configFile).replace(/\.json$/, ''),
    approach:
      values.approach ?? `${config.model.name} + ${config.loss.name} + ${config.sampler.name}`,
    tags: (values.tags ?? '')
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean),
    project: values.project,
    testDir: values['test-dir'] ? resolve(baseDir, values['test-dir']) : undefined,
    backend: backend?.data,
  };
}
