// Worker-thread entry: renders and writes samples on request, so generation uses every core.
import { parentPort } from 'node:worker_threads';
import { renderAndWrite, type SampleJob } from './sample-writer.ts';

const port = parentPort;
if (port) {
  port.on('message', (job: SampleJob) => {
    renderAndWrite(job).then(
      () => port.postMessage({ index: job.index }),
      (error: unknown) => port.postMessage({ index: job.index, error: String(error) }),
    );
  });
  port.postMessage({ ready: true });
}
