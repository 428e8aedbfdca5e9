// Progress lines for a trainer that runs jobs (the in-process queue of `npm start`, a BullMQ
// worker): what the CLI prints to its console, as log lines a person can follow in the
// platform's output: data generation and caching in quarters, the data set, each epoch with
// its loss, validation macro F1, images/s and an estimate of the time left. Everything is in the
// message, the run by its first 8 characters: one line each in pretty output, not five.
import type { Logger } from 'pino';
import type { RunProgress } from './run-progress.ts';

const STAGE_WORDS = { generating: 'generating synthetic data', caching: 'building the cache' };

/** Returns an onProgress for executeRun that logs to `logger` (one per run). */
export function progressLogger(logger: Pick<Logger, 'info'>, runId: string) {
  const short = runId.slice(0, 8);
  let lastQuarter = -1;
  let lastStage = '';
  return (event: RunProgress): void => {
    switch (event.type) {
      case 'preparing': {
        if (event.stage !== lastStage) {
          lastStage = event.stage;
          lastQuarter = -1;
        }
        const quarter = event.total > 0 ? Math.floor((4 * event.done) / event.total) : 4;
        if (quarter === lastQuarter) return;
        lastQuarter = quarter;
        logger.info(
          `run ${short}: ${STAGE_WORDS[event.stage]} ${event.done}/${event.total} samples`,
        );
        return;
      }
      case 'dataset':
        logger.info(
          `run ${short}: data ready, ${event.samples} samples (${event.trainSamples} train / ` +
            `${event.validationSamples} validation)`,
        );
        return;
      case 'epoch': {
        const s = event.summary;
        const left = Math.round(s.seconds * (event.epochs - s.epoch - 1));
        logger.info(
          `run ${short}: epoch ${s.epoch + 1}/${event.epochs}  loss ${s.trainLoss.toFixed(4)}  ` +
            `val macro F1 ${s.validationMacroF1.toFixed(3)}  ${s.imagesPerSecond.toFixed(0)} img/s  ` +
            `${left > 0 ? `about ${left} s left` : 'last epoch'}`,
        );
        return;
      }
      default:
        return; // backend, uploads and stops are logged by the run itself
    }
  };
}
