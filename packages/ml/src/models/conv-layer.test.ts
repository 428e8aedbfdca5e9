// Our Conv2D layer must compute what tfjs's stock layer computes, forward and backward, while
// skipping the gradient nobody asked for (the one with respect to the images).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Conv2D } from './conv-layer.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function pair(strides: number) {
  const args = {
    filters: 5,
    kernelSize: 3,
    strides,
    padding: 'same' as const,
    useBias: false,
    kernelInitializer: tf.initializers.heNormal({ seed: 7 }),
  };
  const ours = new Conv2D(args);
  const stock = tf.layers.conv2d(args);
  ours.build([2, 9, 9, 3]);
  stock.build([2, 9, 9, 3]);
  stock.setWeights(ours.getWeights());
  return { ours, stock };
}

describe('Conv2D layer (training path on tf.conv2d)', () => {
  it.each([1, 2])(
    'equals the stock layer forward and in both gradients (stride %i)',
    async (strides) => {
      const { ours, stock } = pair(strides);
      const x = tf.randomNormal([2, 9, 9, 3], 0, 1, 'float32', 3);
      const run = (layer: tf.layers.Layer) =>
        tf.tidy(() => {
          const kernel = layer.trainableWeights[0]!.read() as tf.Variable;
          const loss = (input: tf.Tensor) =>
            tf.sum(tf.square(layer.apply(input, { training: true }) as tf.Tensor));
          const { value, grads } = tf.variableGrads(() => loss(x) as tf.Scalar, [kernel]);
          const dx = tf.grad(loss)(x);
          return [value, grads[kernel.name]!, dx].map((t) => Array.from(t.dataSync()));
        });
      const expected = run(stock);
      const actual = run(ours);
      expected.forEach((e, i) => {
        actual[i]!.forEach((v, j) => expect(v).toBeCloseTo(e[j]!, 3));
      });
      expect(ours.getClassName()).toBe('Conv2D');
      x.dispose();
      ours.weights.forEach((w) => w.dispose());
      stock.weights.forEach((w) => w.dispose());
    },
  );

  it('in training, runs Conv2D (lazy gradient) and skips the input gradient of a constant', async () => {
    const { ours, stock } = pair(2);
    const x = tf.randomNormal([2, 9, 9, 3], 0, 1, 'float32', 4);
    const kernelsOf = async (layer: tf.layers.Layer) => {
      const variable = layer.trainableWeights[0]!.read() as tf.Variable;
      const info = await tf.profile(() => {
        const { value, grads } = tf.variableGrads(
          () => tf.sum(layer.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
          [variable],
        );
        tf.dispose([value, ...Object.values(grads)]);
      });
      return info.kernelNames;
    };
    const ourKernels = await kernelsOf(ours);
    expect(ourKernels).toContain(tf.Conv2D);
    expect(ourKernels).toContain(tf.Conv2DBackpropFilter);
    expect(ourKernels).not.toContain(tf.Conv2DBackpropInput);
    // The stock layer's fused conv computes it anyway (why this layer exists).
    expect(await kernelsOf(stock)).toContain(tf.Conv2DBackpropInput);
    // Inference keeps the stock call.
    const profile = await tf.profile(() => {
      (ours.apply(x, { training: false }) as tf.Tensor).dispose();
    });
    expect(profile.kernelNames).toContain(tf.FusedConv2D);
    x.dispose();
    ours.weights.forEach((w) => w.dispose());
    stock.weights.forEach((w) => w.dispose());
  });
});
