import { describe, expect, it } from 'vitest';
import { TRAIN_QUEUE_NAME, trainJobDataSchema } from './index.ts';

const config = { model: { name: 'small-cnn' }, inputSize: 64, dataset: { cachePath: '/c' } };

describe('the training queue contract', () => {
  it('names the BullMQ queue', () => {
    expect(TRAIN_QUEUE_NAME).toBe('train');
  });

  it("reads a job's config with the trainer's schema, defaults filled in", () => {
    const job = trainJobDataSchema.parse({ runId: 'run-1', config });
    expect(job.runId).toBe('run-1');
    expect(job.config).toMatchObject({ inputSize: 64, epochs: 10, backend: 'auto' });
    // The stored (parsed) form parses to itself: what the API enqueues is what a worker reads.
    expect(trainJobDataSchema.parse(JSON.parse(JSON.stringify(job)))).toEqual(job);
  });

  it('names the bad field of a job', () => {
    const result = trainJobDataSchema.safeParse({ runId: '', config: { ...config, epochs: 0 } });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'config.epochs',
      'runId',
    ]);
  });
});
