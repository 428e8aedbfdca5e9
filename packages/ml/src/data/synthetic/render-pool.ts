// A small pool of worker threads running renderAndWrite. The workers load TypeScript through
// tsx (the monorepo runs its sources directly); where that is not possible the pool fails to
// start and the generator renders on the calling thread instead.
import { Worker } from 'node:worker_threads';
import type { SampleJob } from './sample-writer.ts';

export interface RenderPool {
  run(job: SampleJob): Promise<void>;
  close(): Promise<void>;
}

interface Reply {
  ready?: boolean;
  index?: number;
  error?: string;
}

function startWorker(): Promise<Worker> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./render-worker-boot.mjs', import.meta.url));
    const fail = (error: unknown) => {
      void worker.terminate();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    worker.once('error', fail);
    worker.once('exit', (code) => fail(new Error(`render worker exited with ${code}`)));
    worker.once('message', (reply: Reply) => {
      worker.removeAllListeners('error');
      worker.removeAllListeners('exit');
      if (reply.ready) resolve(worker);
      else fail(new Error('render worker did not report ready'));
    });
  });
}

/** Starts `size` workers, or returns null when worker threads cannot load the renderer. */
export async function createRenderPool(size: number): Promise<RenderPool | null> {
  const started = await Promise.allSettled(Array.from({ length: size }, startWorker));
  const workers = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  if (workers.length < size) {
    await Promise.all(workers.map((w) => w.terminate()));
    return null;
  }
  const idle = [...workers];
  const waiting: ((worker: Worker) => void)[] = [];
  const acquire = () =>
    new Promise<Worker>((resolve) => {
      const worker = idle.pop();
      if (worker) resolve(worker);
      else waiting.push(resolve);
    });
  const release = (worker: Worker) => {
    const next = waiting.shift();
    if (next) next(worker);
    else idle.push(worker);
  };
  return {
    async run(job) {
      const worker = await acquire();
      try {
        await new Promise<void>((resolve, reject) => {
          const onError = (error: Error) => reject(error);
          worker.once('error', onError);
          worker.once('message', (reply: Reply) => {
            worker.off('error', onError);
            if (reply.error) reject(new Error(`sample ${job.index}: ${reply.error}`));
            else resolve();
          });
          worker.postMessage(job);
        });
      } finally {
        release(worker);
      }
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
