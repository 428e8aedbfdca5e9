import { describe, expect, it } from 'vitest';
import { progressLogger } from './progress-log.ts';

describe('progressLogger', () => {
  it('logs preparation in quarters, the data set and each epoch with the time left', () => {
    const lines: string[] = [];
    const log = progressLogger(
      { info: (message: string) => lines.push(message) } as never,
      'abcdef12-3456',
    );
    for (let done = 0; done <= 800; done += 100) {
      log({ type: 'preparing', stage: 'generating', done, total: 800 });
    }
    log({ type: 'preparing', stage: 'caching', done: 800, total: 800 });
    log({
      type: 'dataset',
      fingerprint: 'f'.repeat(64),
      splitSeed: 7,
      samples: 800,
      trainSamples: 640,
      validationSamples: 160,
      indexPath: '/x/index.json',
    });
    const summary = {
      step: 20,
      trainLoss: 0.31234,
      validationLoss: 0.3,
      validationMacroF1: 0.2104,
      learningRate: 0.003,
      imagesPerSecond: 512.4,
      seconds: 4,
    };
    log({ type: 'epoch', epochs: 5, summary: { ...summary, epoch: 1 } });
    log({ type: 'epoch', epochs: 5, summary: { ...summary, epoch: 4 } });
    expect(lines).toEqual([
      'run abcdef12: generating synthetic data 0/800 samples',
      'run abcdef12: generating synthetic data 200/800 samples',
      'run abcdef12: generating synthetic data 400/800 samples',
      'run abcdef12: generating synthetic data 600/800 samples',
      'run abcdef12: generating synthetic data 800/800 samples',
      'run abcdef12: building the cache 800/800 samples',
      'run abcdef12: data ready, 800 samples (640 train / 160 validation)',
      'run abcdef12: epoch 2/5  loss 0.3123  val macro F1 0.210  512 img/s  about 12 s left',
      'run abcdef12: epoch 5/5  loss 0.3123  val macro F1 0.210  512 img/s  last epoch',
    ]);
  });
});
