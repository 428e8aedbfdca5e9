// Entry point of the training child process: tfjs runs here, away from the event loop that
// renews the queue lock and sends heartbeats. It receives one `train` request, reports
// everything as messages (child-messages.ts) and exits.
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import {
  encodeValidationProbabilities,
  VALIDATION_PROBABILITIES_ARTIFACT,
} from '@hpa-lab/contracts';
import {
  datasetSplit,
  labelsOf,
  NUM_CLASSES,
  predictFolder,
  saveModel,
  selectBackend,
  trainModel,
} from '@hpa-lab/ml';
import { METRIC_KEYS } from '@hpa-lab/ml/config';
import { createLogger, type LogFormat } from '@hpa-lab/logging';
import type {
  ChildMessage,
  ParentMessage,
  TrainingRequest,
  TrainingResultMessage,
} from './child-messages.ts';
import { loadTrainerEnv } from '../env.ts';
import { prepareDataset } from './prepare-dataset.ts';

const controller = new AbortController();
// Batches trained so far, and how many when the cancel request arrived: the child's own account
// of how promptly it stopped.
let steps = 0;
let stepsAtCancel: number | null = null;

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) {
      reject(new Error('training-child must be started with an IPC channel (fork)'));
      return;
    }
    process.send(message, undefined, {}, (error) => (error ? reject(error) : resolve()));
  });
}

/**
 * LOG_FORMAT as the parent read it: fork passes on its environment (and its stdout). A parent
 * that started the child with an environment the trainer would refuse (a test's) leaves the
 * choice to the child's stdout.
 */
function inheritedLogFormat(): LogFormat | undefined {
  try {
    return loadTrainerEnv().logFormat;
  } catch {
    return undefined;
  }
}

async function train(request: TrainingRequest): Promise<TrainingResultMessage> {
  const { config } = request;
  const logger = createLogger({
    level: request.logLevel,
    format: inheritedLogFormat(),
    name: 'hpa-lab-trainer-child',
  });
  const backend = await selectBackend({
    force: request.forceBackend ?? config.backend,
    precision: config.precision,
  });
  await send({
    type: 'backend',
    name: backend.name,
    threads: backend.threads,
    precision: backend.precision,
    skipped: backend.skipped.map((s) => `${s.name}: ${s.reason}`),
  });

  // Throttled: a 31k-sample cache build would otherwise send 31k messages.
  let lastProgress = 0;
  const prepared = await prepareDataset(config, request.home, (stage, done, total) => {
    const now = Date.now();
    if (done === total || now - lastProgress > 500) {
      lastProgress = now;
      void send({ type: 'progress', stage, done, total });
    }
  });
  try {
    // The validation-fraction split, or one fold of a K-fold when config.dataset.folds is set.
    const split = datasetSplit(prepared.cache.labels, config.dataset);
    await send({
      type: 'dataset',
      fingerprint: prepared.fingerprint,
      splitSeed: config.dataset.splitSeed,
      samples: prepared.cache.count,
      trainSamples: split.train.length,
      validationSamples: split.validation.length,
      indexPath: prepared.indexPath,
    });
    logger.info({ samples: prepared.cache.count, backend: backend.name }, 'training starts');

    const cpuBefore = process.cpuUsage();
    const result = await trainModel({
      config,
      source: prepared.cache,
      split,
      signal: controller.signal,
      checkpointDir: join(request.workDir, 'best-checkpoint'),
      callbacks: {
        onMetrics: (points) => {
          if (points.some((p) => p.key === METRIC_KEYS.trainLoss)) steps += 1;
          return send({
            type: 'metrics',
            points: points.map((p) => ({
              key: p.key,
              step: p.step,
              value: p.value,
              wallTime: new Date().toISOString(),
            })),
          });
        },
        onEvaluation: (event) =>
          send({ type: 'evaluation', epoch: event.epoch, step: event.step, report: event.report }),
        onEpochEnd: (summary) => send({ type: 'epoch', summary, epochs: config.epochs }),
      },
    });
    const cpu = process.cpuUsage(cpuBefore);
    const trainingCpuSeconds = (cpu.user + cpu.system) / 1e6;
    try {
      let modelDir: string | null = null;
      let predictions: TrainingResultMessage['predictions'] = null;
      let validationProbabilities: string | null = null;
      // A cancelled run uploads nothing: its best checkpoint is on disk already.
      if (result.bestEpoch >= 0 && result.stopReason !== 'cancelled') {
        modelDir = join(request.workDir, 'model');
        await saveModel(result.model, modelDir, { config, thresholds: result.thresholds });
        if (result.bestValidationProbabilities) {
          validationProbabilities = join(request.workDir, VALIDATION_PROBABILITIES_ARTIFACT);
          const validation = result.split.validation;
          await writeFile(
            validationProbabilities,
            encodeValidationProbabilities({
              step: result.bestStep,
              classes: NUM_CLASSES,
              ids: validation.map((index) => prepared.cache.ids[index]!),
              labels: labelsOf(prepared.cache, validation),
              probabilities: result.bestValidationProbabilities,
            }),
          );
        }
        if (request.testDir) {
          predictions = await predictFolder({
            modelDir,
            dataDir: request.testDir,
            outDir: join(request.workDir, 'predictions'),
            cacheDir: join(request.home, 'cache'),
          });
        }
      }
      return {
        stopReason: result.stopReason,
        bestEpoch: result.bestEpoch,
        bestMacroF1: result.bestMacroF1,
        steps,
        trainingCpuSeconds,
        stepsAfterCancel: stepsAtCancel === null ? null : steps - stepsAtCancel,
        modelDir,
        predictions,
        validationProbabilities,
      };
    } finally {
      result.model.dispose();
    }
  } finally {
    prepared.cache.close();
  }
}

async function finish(message: ChildMessage): Promise<void> {
  try {
    await send(message);
  } finally {
    process.disconnect?.();
    process.exit(0);
  }
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'cancel') {
    stepsAtCancel ??= steps;
    controller.abort();
    return;
  }
  if (message.type === 'train') {
    train(message.request)
      .then((result) => finish({ type: 'finished', result }))
      .catch((error: unknown) => {
        const failure =
          error instanceof Error
            ? {
                name: error.name,
                message: error.message,
                ...(error.stack ? { stack: error.stack } : {}),
              }
            : { name: 'Error', message: String(error) };
        return finish({ type: 'failed', error: failure });
      });
  }
});
// The parent going away (crash, SIGKILL) must not leave an orphan burning the CPU.
process.on('disconnect', () => process.exit(1));
