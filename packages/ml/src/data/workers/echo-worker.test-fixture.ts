// A worker entry for worker-pool.test.ts: echoes a job, refuses 'refuse' with an error reply,
// and dies on 'exit' (the thread ends) or 'crash' (an exception outside any job's handler).
import { serveJobs } from './worker-pool.ts';

serveJobs(async (job: string) => {
  if (job === 'refuse') throw new Error('refused: the job says so');
  if (job === 'exit') process.exit(3);
  if (job === 'crash') {
    setImmediate(() => {
      throw new Error('crashed outside the job');
    });
    await new Promise(() => {});
  }
  return { result: `echo ${job}` };
});
