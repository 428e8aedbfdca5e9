// Arguments of `hpa-train synth --out <dir> --n 2000 --size 256 --seed 1 [--rarity 1]`.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from './train-args.ts';

export const SYNTH_USAGE = `Usage: hpa-train synth --out <dir> [options]
  --out <dir>       folder to write: train.csv and train/<Id>_<red|green|blue|yellow>.png
  --n <count>       samples (default 2000)
  --size <px>       image side, 32..2048 (default 256; Kaggle's images are 512)
  --seed <seed>     same seed, same files (default 1)
  --rarity <0..1>   1: the real HPA class frequencies; 0: as balanced as co-occurrence allows`;

export interface SynthArgs {
  outDir: string;
  count: number;
  size: number;
  seed: number | string;
  rarity: number;
}

function integer(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new UsageError(`${flag}: expected a whole number in ${min}..${max}, got "${value}"`);
  }
  return n;
}

/** `baseDir`: where a relative --out is resolved (the folder the command was typed in). */
export function parseSynthArgs(argv: readonly string[], baseDir: string): SynthArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        out: { type: 'string' },
        n: { type: 'string', default: '2000' },
        size: { type: 'string', default: '256' },
        seed: { type: 'string', default: '1' },
        rarity: { type: 'string', default: '1' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (!values.out) throw new UsageError('--out is required');
  const rarity = Number(values.rarity);
  if (values.rarity.trim() === '' || !(rarity >= 0 && rarity <= 1)) {
    throw new UsageError(`--rarity: expected a number in 0..1, got "${values.rarity}"`);
  }
  const seed = /^\d+$/.test(values.seed) ? Number(values.seed) : values.seed;
  return {
    outDir: resolve(baseDir, values.out),
    count: integer('--n', values.n, 1, 1_000_000),
    size: integer('--size', values.size, 32, 2048),
    seed,
    rarity,
  };
}
