// `hpa-train <command>` (apps/trainer's bin; `npx hpa-train` in the repository): the trainer's
// commands for members. `run` is `npm run train`'s command; `synth` writes synthetic data;
// `predict` writes a Kaggle submission.
import { ApiRequestError } from '../api-client/index.ts';
import { loadTrainerEnv } from '../env.ts';
import { PREDICT_USAGE, runPredict } from './predict.ts';
import { runSync, SYNC_USAGE } from './sync.ts';
import { runSynth, SYNTH_USAGE } from './synth.ts';
import { UsageError } from './train-args.ts';

const USAGE = `Usage: hpa-train <command> [options]
  run --config run.json   create a run through the API and train it here
  predict --model <m> --data <dir>
                          write a Kaggle submission CSV (predict --help)
  sync [folder...]        upload runs trained offline (no API reachable) to the API
  synth --out <dir>       write a synthetic data set in the Kaggle layout (synth --help)`;

/** What to do about an API call that failed for a reason the user can fix. */
function apiFix(error: unknown): string {
  if (!(error instanceof ApiRequestError)) return '';
  if (error.code === 'NETWORK') return '; start the API (npm start) or set HPA_API_URL';
  if (error.code === 'UNAUTHENTICATED') return '; check HPA_API_KEY';
  return '';
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'run':
      // train.ts reads its arguments from process.argv and exits when done.
      process.argv.splice(2, 1);
      await import('./train.ts');
      return new Promise<number>(() => undefined);
    case 'predict':
      if (rest.includes('--help')) {
        console.log(PREDICT_USAGE);
        return 0;
      }
      return runPredict(rest, loadTrainerEnv());
    case 'sync':
      if (rest.includes('--help')) {
        console.log(SYNC_USAGE);
        return 0;
      }
      return runSync(rest, loadTrainerEnv());
    case 'synth':
      if (rest.includes('--help')) {
        console.log(SYNTH_USAGE);
        return 0;
      }
      return runSynth(rest, loadTrainerEnv().invocationDir);
    case undefined:
    case '--help':
    case 'help':
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command "${command}"\n${USAGE}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // A user's mistake is one line naming it; anything else keeps its stack for a bug report.
    if (error instanceof UsageError) {
      console.error(`hpa-train: ${error.message}`);
      process.exit(2);
    }
    console.error(`hpa-train: ${(error as Error).message}${apiFix(error)}`);
    process.exit(1);
  },
);
