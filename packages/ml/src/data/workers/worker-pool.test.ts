// The pool answers jobs, passes a job's own error back without losing the worker, and when a
// worker dies mid-job refuses that job and every later or waiting one at once instead of leaving
// them waiting on a worker that is gone.
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkerPool, type WorkerPool } from './worker-pool.ts';

const ENTRY = new URL('./echo-worker.test-fixture.ts', import.meta.url);
let pool: WorkerPool<string, string> | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

async function started(size: number): Promise<WorkerPool<string, string>> {
  pool = await createWorkerPool<string, string>(ENTRY, size);
  expect(pool).not.toBeNull();
  return pool!;
}

describe('createWorkerPool', () => {
  it('answers jobs on every worker, and a job refused by its handler keeps the worker', async () => {
    const workers = await started(2);
    expect(await Promise.all(['a', 'b', 'c'].map((j) => workers.run(j)))).toEqual([
      'echo a',
      'echo b',
      'echo c',
    ]);
    await expect(workers.run('refuse')).rejects.toThrow('refused: the job says so');
    expect(await workers.run('d')).toBe('echo d');
  });

  it.each([
    ['exits', 'exit', /exited with 3 during a job/],
    ['throws outside a job', 'crash', /failed: crashed outside the job/],
  ])(
    'a worker that %s refuses its job, the waiting ones and the later ones',
    async (_how, job, why) => {
      const workers = await started(1);
      const dying = workers.run(job);
      const waiting = workers.run('queued behind it');
      await expect(dying).rejects.toThrow(why);
      await expect(waiting).rejects.toThrow(why);
      await expect(workers.run('later')).rejects.toThrow(why);
    },
  );

  it('returns null when its workers cannot start', async () => {
    const missing = new URL('./no-such-worker.ts', import.meta.url);
    expect(await createWorkerPool(missing, 1)).toBeNull();
  });
});
