import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { broadcastingBatchNormGradient, tfjsCoreBatchNormGradient } from './batch-norm-gradient.ts';

describe('broadcasting batch-norm gradient', () => {
  it('equals tfjs-core tiling gradient for every input', async () => {
    await tf.setBackend('cpu');
    expect(tfjsCoreBatchNormGradient).toBeDefined();
    const x = tf.randomNormal([3, 5, 4, 6], 0, 1, 'float32', 1);
    const dy = tf.randomNormal([3, 5, 4, 6], 0, 1, 'float32', 2);
    const mean = tf.randomNormal([6], 0, 1, 'float32', 3);
    const variance = tf.add(tf.randomUniform([6], 0, 1, 'float32', 4), 0.1);
    const scale = tf.randomNormal([6], 0, 1, 'float32', 5);
    const attrs = { varianceEpsilon: 1e-3 } as unknown as tf.NamedAttrMap;
    const ours = broadcastingBatchNormGradient.gradFunc(dy, [x, mean, variance, scale], attrs);
    const theirs = tfjsCoreBatchNormGradient!.gradFunc(dy, [x, mean, variance, scale], attrs);
    for (const name of ['x', 'mean', 'variance', 'scale', 'offset']) {
      const a = ours[name]!();
      const b = theirs[name]!();
      expect(a.shape, name).toEqual(b.shape);
      const diff = tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!;
      const ref = tf.max(tf.abs(b)).dataSync()[0]!;
      expect(diff / ref, name).toBeLessThan(1e-5);
    }
  });
});
