import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveDatasetLocation } from './dataset-location.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hpa-dataset-location-'));
  await mkdir(path.join(dir, 'kaggle'));
  await writeFile(path.join(dir, 'kaggle', 'train.csv'), 'Id,Target\n');
  await mkdir(path.join(dir, 'empty'));
  await writeFile(path.join(dir, 'cache.json'), '{}');
  await writeFile(path.join(dir, 'cache.u8'), '');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('resolveDatasetLocation', () => {
  it('reads a synthetic spec with defaults and a folder per spec under the home', () => {
    const location = resolveDatasetLocation('synthetic:count=40,size=32,seed=5', '/home/x');
    expect(location).toEqual({
      kind: 'synthetic',
      spec: { count: 40, size: 32, seed: 5, rarity: 1 },
      dir: '/home/x/datasets/synthetic-n40-s32-seed5-r1',
    });
  });

  it('names the field and the bad part of a synthetic spec', () => {
    expect(() => resolveDatasetLocation('synthetic:count=40,size=8', dir)).toThrow(
      /^dataset\.cachePath: bad synthetic spec .*size: Too small/,
    );
    expect(() => resolveDatasetLocation('synthetic:count=40,colour=red', dir)).toThrow(
      /dataset\.cachePath: .*Unrecognized key: "colour"/,
    );
    expect(() => resolveDatasetLocation('synthetic:count', dir)).toThrow(
      'dataset.cachePath: "count" in "synthetic:count" is not key=value',
    );
  });

  it('tells a cache index from a Kaggle folder and refuses anything else', () => {
    expect(resolveDatasetLocation(path.join(dir, 'cache.json'), dir)).toEqual({
      kind: 'cache-index',
      indexPath: path.join(dir, 'cache.json'),
    });
    expect(resolveDatasetLocation(path.join(dir, 'kaggle'), dir)).toEqual({
      kind: 'kaggle-folder',
      dir: path.join(dir, 'kaggle'),
    });
    expect(() => resolveDatasetLocation(path.join(dir, 'empty'), dir)).toThrow(
      'is a folder without train.csv',
    );
    expect(() => resolveDatasetLocation(path.join(dir, 'cache.u8'), dir)).toThrow(
      'is a file but not a cache index (.json)',
    );
    expect(() => resolveDatasetLocation(path.join(dir, 'missing'), dir)).toThrow(
      /^dataset\.cachePath: .*missing does not exist/,
    );
  });
});
