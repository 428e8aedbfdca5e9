// Worker-thread entry: reads and decodes samples' PNGs (sample-planes.ts) off the main thread, so
// that a cache build's decoding runs on every core while the main thread drives sharp's resizes.
// The planes are transferred back, not copied.
import { readSamplePlanes, type SamplePlanes } from '../sample-planes.ts';
import { serveJobs } from './worker-pool.ts';

serveJobs(async (files: string[]) => {
  const planes: SamplePlanes | null = await readSamplePlanes(files);
  // The planes own their ArrayBuffers (sample-planes.ts, png-gray8.ts), never shared memory.
  const transfer = planes ? [planes.group, ...planes.rest].map((p) => p.buffer as ArrayBuffer) : [];
  return { result: planes, transfer };
});
