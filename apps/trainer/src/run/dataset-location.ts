// What `config.dataset.cachePath` may name. TrainConfig has one string for the data, so the
// trainer accepts three forms of it and says which it expected when none fits:
//   - a cache index built by packages/ml (`.../hpa-128px-rgby-xxxx.json`): opened as is;
//   - a Kaggle folder holding train.csv (+ train/): cached into HPA_LAB_HOME/cache first;
//   - `synthetic:count=400,size=128,seed=1,rarity=1`: generated into HPA_LAB_HOME/datasets
//     (once; reruns reuse it), then cached like a Kaggle folder.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseSyntheticSpec, SYNTHETIC_PREFIX, type SyntheticSpec } from '@hpa-lab/ml/config';

export type { SyntheticSpec };

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
    // The spec's grammar is packages/ml's, shared with the config schema (API and launch form).
    const parsed = parseSyntheticSpec(cachePath.slice(SYNTHETIC_PREFIX.length));
    if (!parsed.ok) throw new DatasetLocationError(parsed.problem);
    return { kind: 'synthetic', spec: parsed.spec, dir: syntheticDir(home, parsed.spec) };
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
