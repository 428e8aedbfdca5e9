// What `config.dataset.cachePath` may name. TrainConfig has one string for the data, so the
// trainer accepts three forms of it and says which it expected when none fits:
//   - a cache index built by packages/ml (`.../hpa-128px-rgby-xxxx.json`): opened as is;
//   - a Kaggle folder holding train.csv (+ train/): cached into HPA_LAB_HOME/cache first;
//   - `synthetic:count=400,size=128,seed=1,rarity=1`: generated into HPA_LAB_HOME/datasets
//     (once; reruns reuse it), then cached like a Kaggle folder.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

export const SYNTHETIC_PREFIX = 'synthetic:';

const syntheticSpecSchema = z.object({
  count: z.coerce.number().int().min(2).max(200_000),
  size: z.coerce.number().int().min(32).max(2048).default(128),
  seed: z.coerce.number().int().min(0).default(0),
  rarity: z.coerce.number().min(0).max(1).default(1),
});
export type SyntheticSpec = z.infer<typeof syntheticSpecSchema>;

export type DatasetLocation =
  | { kind: 'cache-index'; indexPath: string }
  | { kind: 'kaggle-folder'; dir: string }
  | { kind: 'synthetic'; spec: SyntheticSpec; dir: string };

export class DatasetLocationError extends Error {
  constructor(message: string) {
    super(`dataset.cachePath: ${message}`);
    this.name = 'DatasetLocationError';
  }
}

function parseSyntheticSpec(text: string): SyntheticSpec {
  const fields: Record<string, string> = {};
  for (const part of text.split(',').filter((p) => p.trim() !== '')) {
    const [key, value, ...rest] = part.split('=');
    if (!key || value === undefined || rest.length > 0) {
      throw new DatasetLocationError(`"${part}" in "${SYNTHETIC_PREFIX}${text}" is not key=value`);
    }
    fields[key.trim()] = value.trim();
  }
  const parsed = syntheticSpecSchema.strict().safeParse(fields);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'spec'}: ${issue.message}`,
    );
    throw new DatasetLocationError(
      `bad synthetic spec "${SYNTHETIC_PREFIX}${text}" (${problems.join('; ')}); ` +
        `expected e.g. ${SYNTHETIC_PREFIX}count=400,size=128,seed=1,rarity=1`,
    );
  }
  return parsed.data;
}

/** Where generated synthetic sets live: one folder per spec, so a spec is generated once. */
export function syntheticDir(home: string, spec: SyntheticSpec): string {
  return join(
    home,
    'datasets',
    `synthetic-n${spec.count}-s${spec.size}-seed${spec.seed}-r${spec.rarity}`,
  );
}

export function resolveDatasetLocation(cachePath: string, home: string): DatasetLocation {
  if (cachePath.startsWith(SYNTHETIC_PREFIX)) {
    const spec = parseSyntheticSpec(cachePath.slice(SYNTHETIC_PREFIX.length));
    return { kind: 'synthetic', spec, dir: syntheticDir(home, spec) };
  }
  const path = resolve(cachePath);
  if (!existsSync(path)) {
    throw new DatasetLocationError(
      `${path} does not exist (expected a cache index .json, a folder with train.csv, or ` +
        `${SYNTHETIC_PREFIX}count=...,size=...)`,
    );
  }
  if (statSync(path).isDirectory()) {
    if (!existsSync(join(path, 'train.csv'))) {
      throw new DatasetLocationError(`${path} is a folder without train.csv`);
    }
    return { kind: 'kaggle-folder', dir: path };
  }
  if (!path.endsWith('.json')) {
    throw new DatasetLocationError(`${path} is a file but not a cache index (.json)`);
  }
  return { kind: 'cache-index', indexPath: path };
}
