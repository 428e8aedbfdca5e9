// Worker-thread entry: renders and writes samples on request, so generation uses every core.
import { serveJobs } from '../workers/worker-pool.ts';
import { renderAndWrite, type SampleJob } from './sample-writer.ts';

serveJobs(async (job: SampleJob) => {
  await renderAndWrite(job);
  return { result: job.index };
});
