// Every kernel the oneDNN addon runs on the wasm heap must equal the cpu backend's own kernel
// (or, for our fused training kernels, tfjs's stock ops) on fresh random inputs. CI builds the
// addon (Debian's libdnnl-dev); where it is missing this file fails rather than skips.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  randomArray,
  randomInputs,
  relativeError,
  runOn,
  seed,
  size,
  type HostTensor,
  convCases,
  convInputShape,
  convOutputShape,
  type ConvCase,
} from '../compare-backends.ts';
import { selectBackend } from '../select-backend.ts';
import { FusedAdamOptimizer } from '../../training/fused-adam.ts';
import { Activation } from '../../models/activation-layer.ts';
import { BatchNormalization } from '../../models/batch-norm-layer.ts';
import { ADAM_UPDATE, BATCH_NORM_TRAINING, MOVING_AVERAGES, RELU_GRAD } from './kernel-names.ts';
import { registerOnednnKernels, unregisterOnednnKernels } from './register.ts';
import { loadOnednnKernels } from '@hpa-lab/onednn-kernels';
import { onednnTestsRun } from '@hpa-lab/onednn-kernels/testing';

const TOLERANCE = 1e-4;

async function expectSameOnBoth(
  kernelName: string,
  inputs: Record<string, HostTensor>,
  attrs: Record<string, unknown>,
  label = `${kernelName} ${JSON.stringify(attrs)}`,
) {
  const expected = await runOn('cpu', kernelName, inputs, attrs);
  const actual = await runOn('wasm', kernelName, inputs, attrs);
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => {
    expect(actual[i]!.shape).toEqual(e.shape);
    expect(relativeError(actual[i]!.values, e.values), `${label} seed=${seed}`).toBeLessThan(
      TOLERANCE,
    );
  });
}

const xShape = convInputShape;
const OUT_CHANNELS = 5;
const convOutShape = (c: ConvCase) => convOutputShape(c, OUT_CHANNELS);

describe.skipIf(!onednnTestsRun())(
  `oneDNN kernels on the wasm heap equal the cpu backend (seed ${seed})`,
  () => {
    beforeAll(async () => {
      const selected = await selectBackend({ force: 'wasm-onednn' });
      expect(selected.name).toBe('wasm-onednn');
      expect(selected.onednnVersion).toMatch(/^\d+\.\d+\.\d+$/);
      expect(tf.getBackend()).toBe('wasm');
    });

    it.each(convCases)('Conv2D k=$kernel s=$stride $pad', async (c) => {
      const filter = [c.kernel, c.kernel, xShape[3], OUT_CHANNELS];
      await expectSameOnBoth(tf.Conv2D, randomInputs({ x: xShape, filter }), {
        strides: c.stride,
        pad: c.pad,
        dataFormat: 'NHWC',
        dilations: 1,
      });
    });

    it.each(convCases)('FusedConv2D with bias and relu k=$kernel s=$stride $pad', async (c) => {
      const filter = [c.kernel, c.kernel, xShape[3], OUT_CHANNELS];
      await expectSameOnBoth(
        tf.FusedConv2D,
        randomInputs({ x: xShape, filter, bias: [OUT_CHANNELS] }),
        {
          strides: c.stride,
          pad: c.pad,
          dataFormat: 'NHWC',
          dilations: 1,
          activation: 'relu',
        },
      );
    });

    it('FusedConv2D with relu6 (oneDNN clip)', async () => {
      const x = randomInputs({ x: xShape }).x!;
      const scaled = { shape: x.shape, values: x.values.map((v) => v * 20) }; // past 6
      await expectSameOnBoth(
        tf.FusedConv2D,
        { x: scaled, ...randomInputs({ filter: [3, 3, 3, 4] }) },
        {
          strides: 1,
          pad: 'same',
          dataFormat: 'NHWC',
          dilations: 1,
          activation: 'relu6',
        },
      );
    });

    it('FusedConv2D with an activation the oneDNN path does not take (elu) falls back to wasm', async () => {
      await expectSameOnBoth(tf.FusedConv2D, randomInputs({ x: xShape, filter: [3, 3, 3, 4] }), {
        strides: 1,
        pad: 'same',
        dataFormat: 'NHWC',
        dilations: 1,
        activation: 'elu',
      });
    });

    it('Conv2D with dilation 2', async () => {
      await expectSameOnBoth(tf.Conv2D, randomInputs({ x: xShape, filter: [3, 3, 3, 4] }), {
        strides: 1,
        pad: 'same',
        dataFormat: 'NHWC',
        dilations: 2,
      });
    });

    it.each(convCases)('Conv2DBackpropInput k=$kernel s=$stride $pad', async (c) => {
      await expectSameOnBoth(
        tf.Conv2DBackpropInput,
        randomInputs({
          dy: convOutShape(c),
          filter: [c.kernel, c.kernel, xShape[3], OUT_CHANNELS],
        }),
        { strides: c.stride, pad: c.pad, dataFormat: 'NHWC', inputShape: xShape, dilations: 1 },
      );
    });

    it.each(convCases)('Conv2DBackpropFilter k=$kernel s=$stride $pad', async (c) => {
      await expectSameOnBoth(
        tf.Conv2DBackpropFilter,
        randomInputs({ x: xShape, dy: convOutShape(c) }),
        {
          strides: c.stride,
          pad: c.pad,
          dataFormat: 'NHWC',
          filterShape: [c.kernel, c.kernel, xShape[3], OUT_CHANNELS],
          dilations: 1,
        },
      );
    });

    it('FusedBatchNorm (inference) with and without scale and offset', async () => {
      const variance = { shape: [6], values: randomArray(6).map((v) => v + 1.5) };
      const base = randomInputs({ x: [2, 5, 4, 6], mean: [6] });
      await expectSameOnBoth(
        tf.FusedBatchNorm,
        { ...base, variance, ...randomInputs({ offset: [6], scale: [6] }) },
        { varianceEpsilon: 1e-3 },
      );
      await expectSameOnBoth(tf.FusedBatchNorm, { ...base, variance }, { varianceEpsilon: 1e-3 });
    });

    it('Relu', async () => {
      await expectSameOnBoth(tf.Relu, randomInputs({ x: [3, 7, 5, 4] }), {});
    });

    it.each([
      { filterSize: 3, strides: 2, pad: 'same' },
      { filterSize: 2, strides: 2, pad: 'valid' },
      { filterSize: 3, strides: 1, pad: 'same' },
      // Values rounded to 0.5 steps: windows with ties, where the first maximum must win.
      { filterSize: 3, strides: 2, pad: 'same', ties: true },
    ] as const)(
      'MaxPool and MaxPoolGrad $filterSize/$strides $pad',
      async ({
        ties,
        ...attrs
      }: {
        ties?: boolean;
        filterSize: number;
        strides: number;
        pad: 'same' | 'valid';
      }) => {
        const x = randomInputs({ x: [2, 9, 8, 3] }).x!;
        if (ties) x.values = x.values.map((v) => Math.round(v * 2) / 2);
        await tf.setBackend('cpu');
        const y = tf.maxPool(
          tf.tensor4d(x.values, x.shape as [number, number, number, number]),
          attrs.filterSize,
          attrs.strides,
          attrs.pad,
        );
        const output = { shape: y.shape, values: (await y.data()) as Float32Array };
        y.dispose();
        const dy = randomInputs({ dy: output.shape }).dy!;
        await expectSameOnBoth(tf.MaxPoolGrad, { dy, input: x, output }, attrs);
        await expectSameOnBoth(tf.MaxPool, { x }, attrs);
        // Without the forward output the addon recomputes each window's maximum.
        await tf.setBackend('wasm');
        const geometry = tf.backend_util.computePool2DInfo(
          x.shape as [number, number, number, number],
          attrs.filterSize,
          attrs.strides,
          1,
          attrs.pad,
        );
        const dx = new Float32Array(size(x.shape));
        loadOnednnKernels().maxPoolGradient(
          [
            ...[geometry.batchSize, geometry.inHeight, geometry.inWidth, geometry.inChannels],
            ...[geometry.outHeight, geometry.outWidth, geometry.filterHeight, geometry.filterWidth],
            ...[geometry.strideHeight, geometry.strideWidth, 1, 1],
            ...[geometry.padInfo.top, geometry.padInfo.left],
          ],
          x.values,
          dy.values,
          dx,
        );
        const expected = await runOn('cpu', tf.MaxPoolGrad, { dy, input: x, output }, attrs);
        expect(relativeError(dx, expected[0]!.values), `seed=${seed}`).toBeLessThan(TOLERANCE);
      },
    );

    it('the ReLU gradient (one native kernel) equals the cpu backend, at 0 too', async () => {
      const values = randomArray(3 * 5 * 4 * 6).map((v, i) => (i % 7 === 0 ? 0 : v));
      const upstream = randomArray(values.length);
      const run = async (backend: 'cpu' | 'wasm') => {
        await tf.setBackend(backend);
        const x = tf.tensor(values, [3, 5, 4, 6]);
        const w = tf.tensor(upstream, [3, 5, 4, 6]);
        let dx: tf.Tensor | undefined;
        const profile = await tf.profile(() => {
          dx = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.relu(a), w)))(x);
        });
        const data = (await dx!.data()) as Float32Array;
        tf.dispose([x, w, dx!]);
        return { data, kernels: profile.kernelNames };
      };
      const expected = await run('cpu');
      const actual = await run('wasm');
      expect(actual.kernels).toContain(RELU_GRAD);
      expect(actual.kernels).not.toContain(tf.Step);
      expect(expected.kernels).not.toContain(RELU_GRAD);
      expect(relativeError(actual.data, expected.data), `seed=${seed}`).toBeLessThan(TOLERANCE);
    });

    it('Identity and same-dtype Cast share the input buffer, which outlives either tensor', async () => {
      await tf.setBackend('wasm');
      const values = randomArray(24);
      const x = tf.tensor(values, [2, 3, 4]);
      const before = tf.memory().numDataBuffers;
      const copy = tf.engine().runKernel(tf.Identity, { x }) as tf.Tensor;
      const same = tf.cast(x, 'float32');
      // No new buffers: both are views of x's.
      expect(tf.memory().numDataBuffers).toBe(before);
      x.dispose();
      expect(Array.from(await copy.data())).toEqual(Array.from(values));
      copy.dispose();
      expect(Array.from(await same.data())).toEqual(Array.from(values));
      same.dispose();
      // A cast that changes the dtype still converts (wasm's own kernel).
      const ints = tf.tensor([1.7, -2.2, 3.5], [3]);
      const asInt = tf.cast(ints, 'int32');
      expect(Array.from(await asInt.data())).toEqual([1, -2, 3]);
      tf.dispose([ints, asInt]);
    });

    it('the training batch-norm kernel equals moments + batchNorm, forward and backward', async () => {
      const shape = [4, 6, 5, 7];
      const values = {
        x: randomArray(size(shape)),
        scale: randomArray(7),
        offset: randomArray(7),
        w: randomArray(size(shape)),
      };
      const run = async (backend: 'cpu' | 'wasm') => {
        await tf.setBackend(backend);
        const x = tf.tensor(values.x, shape);
        const scale = tf.tensor1d(values.scale);
        const offset = tf.tensor1d(values.offset);
        const w = tf.tensor(values.w, shape);
        const normalize = (xIn: tf.Tensor, s: tf.Tensor, o: tf.Tensor): tf.Tensor[] => {
          if (backend === 'wasm') {
            return tf
              .engine()
              .runKernel(
                BATCH_NORM_TRAINING,
                { x: xIn, scale: s, offset: o },
                { epsilon: 1e-3 },
              ) as tf.Tensor[];
          }
          const { mean, variance } = tf.moments(xIn, [0, 1, 2]);
          return [tf.batchNorm(xIn, mean, variance, o, s, 1e-3), mean, variance];
        };
        const forward = normalize(x, scale, offset);
        const grads = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
          tf.sum(tf.mul(normalize(a, b, c)[0]!, w)),
        )([x, scale, offset]);
        const data = await Promise.all(
          [...forward, ...grads].map((t) => t.data() as Promise<Float32Array>),
        );
        tf.dispose([x, scale, offset, w, ...forward, ...grads]);
        return data;
      };
      const expected = await run('cpu');
      const actual = await run('wasm');
      const names = ['y', 'mean', 'variance', 'dx', 'dscale', 'doffset'];
      expected.forEach((e, i) => {
        expect(relativeError(actual[i]!, e), `${names[i]} seed=${seed}`).toBeLessThan(TOLERANCE);
      });
    });

    it('the BatchNormalization layer uses the kernel in training and updates moving stats as stock', async () => {
      const shape = [3, 4, 4, 5];
      const x = randomArray(size(shape));
      const kernelsUsed: string[] = [];
      const run = async (backend: 'cpu' | 'wasm') => {
        await tf.setBackend(backend);
        const layer = new BatchNormalization({ momentum: 0.9, epsilon: 1e-3 });
        const input = tf.tensor(x, shape);
        layer.build(shape);
        let y: tf.Tensor | undefined;
        const profile = await tf.profile(() => {
          y = layer.apply(input, { training: true }) as tf.Tensor;
        });
        if (backend === 'wasm') kernelsUsed.push(...profile.kernelNames);
        const weights = layer.getWeights().map((t) => t.dataSync() as Float32Array);
        const result = [(await y!.data()) as Float32Array, ...weights];
        tf.dispose([input, y!]);
        layer.weights.forEach((w) => w.dispose());
        return result;
      };
      const kernelsBefore = tf.getKernel(BATCH_NORM_TRAINING, 'wasm');
      expect(kernelsBefore).toBeDefined();
      const expected = await run('cpu');
      const actual = await run('wasm');
      expect(kernelsUsed).toContain(BATCH_NORM_TRAINING);
      expect(kernelsUsed).not.toContain('FusedBatchNorm');
      // The moving statistics in one call, not Sub/Multiply per statistic.
      expect(kernelsUsed).toContain(MOVING_AVERAGES);
      expect(kernelsUsed).not.toContain(tf.Sub);
      // y, gamma, beta, moving mean, moving variance
      expected.forEach((e, i) => {
        expect(relativeError(actual[i]!, e), `output ${i} seed=${seed}`).toBeLessThan(TOLERANCE);
      });
    });

    it('a batch-norm read only by a ReLU fuses it, forward and backward, and equals the stock layers', async () => {
      const shape = [3, 6, 6, 4];
      const x = randomArray(size(shape));
      const run = async (backend: 'cpu' | 'wasm') => {
        await tf.setBackend(backend);
        // conv -> BN -> ReLU -> a second BN read by the add (not fused) -> ReLU, as a ResNet
        // block; the dense head makes a scalar loss.
        const input = tf.input({ shape: shape.slice(1) });
        const conv = tf.layers
          .conv2d({
            filters: 5,
            kernelSize: 3,
            padding: 'same',
            useBias: false,
            kernelInitializer: tf.initializers.heNormal({ seed: 3 }),
          })
          .apply(input) as tf.SymbolicTensor;
        const bn = new BatchNormalization({ momentum: 0.9, epsilon: 1e-3 }).apply(
          conv,
        ) as tf.SymbolicTensor;
        const relu = new Activation({ activation: 'relu' }).apply(bn) as tf.SymbolicTensor;
        const bn2 = new BatchNormalization({ momentum: 0.9, epsilon: 1e-3 }).apply(
          relu,
        ) as tf.SymbolicTensor;
        const sum = tf.layers.add().apply([bn2, relu]) as tf.SymbolicTensor;
        const out = new Activation({ activation: 'relu' }).apply(sum) as tf.SymbolicTensor;
        const pooled = tf.layers.globalAveragePooling2d({}).apply(out) as tf.SymbolicTensor;
        const head = tf.layers
          .dense({ units: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) })
          .apply(pooled) as tf.SymbolicTensor;
        const model = tf.model({ inputs: input, outputs: head });
        const images = tf.tensor(x, shape);
        const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
        let result: Float32Array[] = [];
        const profile = await tf.profile(() => {
          const { value, grads } = tf.variableGrads(
            () =>
              tf.sum(tf.square(model.apply(images, { training: true }) as tf.Tensor)) as tf.Scalar,
            variables,
          );
          result = [value, ...variables.map((v) => grads[v.name]!)].map(
            (t) => t.dataSync() as Float32Array,
          );
          tf.dispose([value, ...Object.values(grads)]);
        });
        images.dispose();
        model.dispose();
        return { result, kernels: profile.kernels.map((k) => k.name) };
      };
      const expected = await run('cpu');
      const actual = await run('wasm');
      // One ReLU fused (the first), one not (after the add): a single Relu kernel remains.
      expect(actual.kernels.filter((k) => k === tf.Relu)).toHaveLength(1);
      expect(expected.kernels.filter((k) => k === tf.Relu)).toHaveLength(2);
      expected.result.forEach((e, i) => {
        expect(relativeError(actual.result[i]!, e), `loss/gradient ${i} seed=${seed}`).toBeLessThan(
          TOLERANCE,
        );
      });
    });

    it('fused Adam follows stock Adam step for step', async () => {
      const shapes = [[3, 3, 2, 4], [4], [7, 5]];
      const initial = shapes.map((s) => randomArray(size(s)));
      const gradients = [0, 1, 2].map(() => shapes.map((s) => randomArray(size(s))));
      const run = async (backend: 'cpu' | 'wasm') => {
        await tf.setBackend(backend);
        const variables = shapes.map((s, i) =>
          tf.variable(tf.tensor(initial[i]!, s), true, `adam_${backend}_${i}`),
        );
        const optimizer =
          backend === 'wasm' ? new FusedAdamOptimizer(0.01, 0.9, 0.999) : tf.train.adam(0.01);
        for (const step of gradients) {
          const named = variables.map((v, i) => ({
            name: v.name,
            tensor: tf.tensor(step[i]!, shapes[i]),
          }));
          optimizer.applyGradients(named);
          tf.dispose(named.map((n) => n.tensor));
        }
        const data = variables.map((v) => v.dataSync() as Float32Array);
        tf.dispose(variables);
        optimizer.dispose();
        return data;
      };
      expect(tf.getKernel(ADAM_UPDATE, 'wasm')).toBeDefined();
      const expected = await run('cpu');
      const actual = await run('wasm');
      expected.forEach((e, i) => {
        expect(relativeError(actual[i]!, e), `variable ${i} seed=${seed}`).toBeLessThan(1e-5);
      });
    });

    it('unregistering restores the stock wasm kernels, and registering again is idempotent', async () => {
      await tf.setBackend('wasm');
      const ours = tf.getKernel(tf.Conv2DBackpropInput, 'wasm');
      unregisterOnednnKernels();
      expect(tf.getKernel(tf.Conv2DBackpropInput, 'wasm')).not.toBe(ours);
      expect(tf.getKernel(BATCH_NORM_TRAINING, 'wasm')).toBeUndefined();
      const names = registerOnednnKernels(loadOnednnKernels());
      expect(names).toContain(tf.Conv2DBackpropInput);
      expect(registerOnednnKernels(loadOnednnKernels())).toEqual(names);
    });
  },
);
