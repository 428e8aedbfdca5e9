// Starts the training child (training-child.ts) with the tsx loader and hands its messages to
// one async handler, strictly in order: a metric batch is never logged before the startRun it
// depends on has returned.
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type {
  ChildMessage,
  ParentMessage,
  TrainingRequest,
  TrainingResultMessage,
} from './child-messages.ts';

const CHILD_ENTRY = fileURLToPath(new URL('./training-child.ts', import.meta.url));

// The child runs TypeScript source like every workspace entry point; resolving tsx from here
// makes that independent of the caller's loader (tsx CLI, vitest, plain node).
function tsxLoaderUrl(): string {
  const require = createRequire(import.meta.url);
  return pathToFileURL(require.resolve('tsx')).href;
}

export class TrainingFailedError extends Error {
  constructor(
    message: string,
    /** The child's error class, e.g. TrainingDivergedError or TrainConfigError. */
    readonly childErrorName: string,
  ) {
    super(message);
    this.name = 'TrainingFailedError';
  }
}

export interface TrainingProcess {
  /** Resolves with the child's result; rejects with TrainingFailedError. */
  readonly done: Promise<TrainingResultMessage>;
  /** Asks the child to stop between batches; kills it when it has not after `graceMs`. */
  cancel(graceMs: number): void;
  kill(): void;
  readonly pid: number | undefined;
}

export function startTrainingProcess(
  request: TrainingRequest,
  onMessage: (message: ChildMessage) => Promise<void>,
): TrainingProcess {
  const child: ChildProcess = fork(CHILD_ENTRY, [], {
    execArgv: ['--import', tsxLoaderUrl()],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  let chain: Promise<void> = Promise.resolve();
  let handlerError: unknown;
  let outcome: ChildMessage | undefined;
  let killTimer: NodeJS.Timeout | undefined;

  child.on('message', (message: ChildMessage) => {
    if (message.type === 'finished' || message.type === 'failed') outcome = message;
    chain = chain.then(async () => {
      if (handlerError !== undefined) return;
      try {
        await onMessage(message);
      } catch (error) {
        // A write failed for good (a refusal because the run finished is no error here: the
        // handler stops the run gracefully): nothing more can be logged, so stop the child now
        // rather than at its next batch, which may be a whole cache build away. Its
        // checkpoint stays on disk.
        handlerError = error;
        child.kill('SIGKILL');
      }
    });
  });

  const send = (message: ParentMessage) => {
    if (child.connected) child.send(message);
  };

  const done = new Promise<TrainingResultMessage>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(killTimer);
      void chain.then(() => {
        if (handlerError !== undefined) return reject(handlerError);
        if (outcome?.type === 'finished') return resolve(outcome.result);
        if (outcome?.type === 'failed') {
          return reject(new TrainingFailedError(outcome.error.message, outcome.error.name));
        }
        reject(
          new TrainingFailedError(
            `the training process exited unexpectedly (${signal ?? `code ${code}`})`,
            'ProcessExit',
          ),
        );
      });
    });
  });
  send({ type: 'train', request });

  return {
    done,
    pid: child.pid,
    cancel(graceMs) {
      send({ type: 'cancel' });
      killTimer ??= setTimeout(() => child.kill('SIGKILL'), graceMs);
    },
    kill() {
      child.kill('SIGKILL');
    },
  };
}
