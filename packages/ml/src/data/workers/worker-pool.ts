// A small pool of worker threads, each running one job at a time. The workers load their
// TypeScript entry through tsx (the monorepo runs its sources directly; boot.mjs); where that is
// not possible the pool fails to start (null), and callers do the work on the calling thread.
// Worker entries answer with serveJobs (below).
import { parentPort, Worker, type TransferListItem } from 'node:worker_threads';

export interface WorkerPool<Job, Result> {
  run(job: Job): Promise<Result>;
  close(): Promise<void>;
}

interface Reply<Result> {
  ready?: boolean;
  result?: Result;
  error?: string;
}

const BOOT = new URL('./boot.mjs', import.meta.url);

function startWorker(entry: URL): Promise<Worker> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(BOOT, { workerData: { entry: entry.href } });
    const fail = (error: unknown) => {
      void worker.terminate();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    worker.once('error', fail);
    worker.once('exit', (code) => fail(new Error(`worker ${entry.pathname} exited with ${code}`)));
    worker.once('message', (reply: Reply<unknown>) => {
      worker.removeAllListeners('error');
      worker.removeAllListeners('exit');
      if (reply.ready) resolve(worker);
      else fail(new Error(`worker ${entry.pathname} did not report ready`));
    });
  });
}

/** Starts `size` workers running `entry`, or returns null when any of them cannot start. */
export async function createWorkerPool<Job, Result>(
  entry: URL,
  size: number,
): Promise<WorkerPool<Job, Result> | null> {
  const started = await Promise.allSettled(Array.from({ length: size }, () => startWorker(entry)));
  const workers = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  if (workers.length < size) {
    await Promise.all(workers.map((w) => w.terminate()));
    return null;
  }
  const idle = [...workers];
  const waiting: { resolve: (worker: Worker) => void; reject: (error: Error) => void }[] = [];
  // Set when a worker dies during a job: every later or waiting job is refused at once instead of
  // waiting on a worker that is gone (buildCache then decodes with sharp, channel by channel; the
  // synthetic generator stops with the error).
  let broken: Error | null = null;
  const acquire = () =>
    new Promise<Worker>((resolve, reject) => {
      if (broken) return reject(broken);
      const worker = idle.pop();
      if (worker) resolve(worker);
      else waiting.push({ resolve, reject });
    });
  const release = (worker: Worker) => {
    const next = waiting.shift();
    if (next) next.resolve(worker);
    else idle.push(worker);
  };
  const breakPool = (error: Error) => {
    broken ??= error;
    for (const next of waiting.splice(0)) next.reject(broken);
  };
  return {
    async run(job) {
      const worker = await acquire();
      let died = false;
      try {
        return await new Promise<Result>((resolve, reject) => {
          const detach = () => {
            worker.off('message', onMessage);
            worker.off('error', onError);
            worker.off('exit', onExit);
          };
          const onMessage = (reply: Reply<Result>) => {
            detach();
            if (reply.error !== undefined) reject(new Error(reply.error));
            else resolve(reply.result as Result);
          };
          const die = (error: Error) => {
            died = true;
            detach();
            reject(error);
          };
          const onError = (error: Error) =>
            die(new Error(`worker ${entry.pathname} failed: ${error.message}`, { cause: error }));
          const onExit = (code: number) =>
            die(new Error(`worker ${entry.pathname} exited with ${code} during a job`));
          worker.on('message', onMessage);
          worker.on('error', onError);
          worker.on('exit', onExit);
          worker.postMessage(job);
        });
      } catch (error) {
        if (died) breakPool(error as Error);
        throw error;
      } finally {
        if (!died) release(worker);
      }
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/**
 * The worker side: answers each job with `handle`'s result (its `transfer` list moved, not
 * copied) or its error's message, then reports ready.
 */
export function serveJobs<Job, Result>(
  handle: (job: Job) => Promise<{ result: Result; transfer?: TransferListItem[] }>,
): void {
  const port = parentPort;
  if (!port) return;
  port.on('message', (job: Job) => {
    handle(job).then(
      ({ result, transfer }) => port.postMessage({ result }, transfer),
      (error: unknown) =>
        port.postMessage({ error: error instanceof Error ? error.message : String(error) }),
    );
  });
  port.postMessage({ ready: true });
}
