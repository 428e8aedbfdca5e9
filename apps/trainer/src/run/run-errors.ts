// Why a run did not succeed, as the queue needs to know it: a bad config must never be retried
// (BullMQ UnrecoverableError), any other failure may be.

/** The config (or the data it names) is invalid; the run has been marked failed. */
export class ConfigRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigRejectedError';
  }
}

/** Training failed or was interrupted; the run has been marked failed with this message. */
export class RunFailedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RunFailedError';
  }
}
