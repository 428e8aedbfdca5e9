// The in-process queue runs jobs through the trainer's processor when apps/trainer provides one:
// it must export `processTrainJob: TrainJobProcessor` from `@hpa-lab/trainer/processor` (see
// ./contract.ts). Until it exists, embedded-mode jobs wait, as on a Redis queue with no worker.
import type { Logger } from 'pino';
import type { TrainJobProcessor } from './contract.ts';

const TRAINER_PROCESSOR_MODULE = '@hpa-lab/trainer/processor';

export async function loadTrainerProcessor(logger: Logger): Promise<TrainJobProcessor | undefined> {
  try {
    // A variable specifier: the trainer is optional at build time.
    const specifier: string = TRAINER_PROCESSOR_MODULE;
    const module = (await import(specifier)) as { processTrainJob?: unknown };
    if (typeof module.processTrainJob === 'function') {
      return module.processTrainJob as TrainJobProcessor;
    }
    logger.warn({ module: specifier }, 'trainer module has no processTrainJob export');
  } catch (error) {
    logger.warn(
      { err: error, module: TRAINER_PROCESSOR_MODULE },
      'no in-process trainer available: launched runs will wait in the queue',
    );
  }
  return undefined;
}
