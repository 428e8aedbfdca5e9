// `hpa-train synth`: writes a synthetic data set in the Kaggle layout (packages/ml's generator,
// the same one `npm start`'s demo and the tests use), printing progress, so a member can try
// the whole pipeline, or a Kaggle-style script, without the 13 GB download.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { ALL_CHANNELS, generateSyntheticDataset } from '@hpa-lab/ml';
import { parseSynthArgs, SYNTH_USAGE } from './synth-args.ts';
import { UsageError } from './train-args.ts';

export { SYNTH_USAGE };

/** Prints a line per tenth done: readable in a terminal and in a log file alike. */
function progressPrinter(total: number): (done: number) => void {
  const started = Date.now();
  let nextTenth = 1;
  return (done) => {
    if (done * 10 < nextTenth * total && done !== total) return;
    while (nextTenth * total <= done * 10) nextTenth += 1;
    const seconds = (Date.now() - started) / 1000;
    const rate = done / Math.max(seconds, 1e-3);
    const left = (total - done) / rate;
    console.log(
      `synth: ${done}/${total} samples (${Math.round((100 * done) / total)}%), ` +
        `${rate.toFixed(0)} samples/s, ${done === total ? 'done' : `about ${Math.ceil(left)} s left`}`,
    );
  };
}

export async function runSynth(argv: readonly string[], invocationDir: string): Promise<number> {
  const args = parseSynthArgs(argv, invocationDir);
  if (existsSync(args.outDir)) {
    if (!statSync(args.outDir).isDirectory()) {
      throw new UsageError(`--out: ${args.outDir} is a file, not a folder`);
    }
    if (readdirSync(args.outDir).length > 0 && !existsSync(`${args.outDir}/synthetic.json`)) {
      throw new UsageError(
        `--out: ${args.outDir} is not empty and holds no synthetic data set: choose an empty folder`,
      );
    }
  }
  console.log(
    `synth: ${args.count} samples of ${args.size} px (seed ${args.seed}, rarity ${args.rarity}) ` +
      `into ${args.outDir}`,
  );
  const dataset = await generateSyntheticDataset({
    outDir: args.outDir,
    count: args.count,
    size: args.size,
    seed: args.seed,
    rarity: args.rarity,
    // Kaggle's own PNGs use zlib level 6; these are meant to look like them on disk too.
    pngCompression: 6,
    onProgress: progressPrinter(args.count),
  });
  console.log(
    `synth: wrote ${dataset.csvFile} and ${dataset.rows.length * ALL_CHANNELS.length} PNGs in ` +
      `${dataset.imageDir} (${ALL_CHANNELS.map((c) => `<Id>_${c}.png`).join(', ')})`,
  );
  return 0;
}
