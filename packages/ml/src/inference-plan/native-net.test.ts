// Which of a plan's steps the native network takes (the longest leading run it can run, and
// none when a later step reads a value inside it), and the INFERENCE_NET kernel's refusal of
// an input of another shape. That the network computes what tfjs computes is
// compile-inference-plan.test.ts's (against the cpu backend).
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { onednnTestsRun } from '@hpa-lab/onednn-kernels/testing';
import { selectBackend } from '../backend/select-backend.ts';
import { INFERENCE_NET } from '../backend/onednn/kernel-names.ts';
import { randomArray, relativeError } from '../backend/compare-backends.ts';
import { buildResnetModel } from '../models/resnet.ts';
import { compileInferencePlan } from './compile-inference-plan.ts';
import type { ConvSpec } from './conv-spec.ts';
import { randomizeBatchNorms } from './test-fixtures.ts';
import { imageShape, nativePrefix, type NativeStepOf } from './native-net.ts';

const conv = (depthwise = false): ConvSpec => ({
  depthwise,
  strides: [1, 1],
  padding: 'same',
  dilation: [1, 1],
  activation: 'relu',
  kernel: tf.ones([3, 3, 2, 2]) as tf.Tensor4D,
  bias: null,
});

// input 0 (4x4x2) -> conv 1 -> conv 2 (+ residual 1) -> mean 3 -> dense 4 (tfjs only)
const steps = (): NativeStepOf[] => [
  { inputs: [0], output: 1, native: { kind: 'conv', spec: conv(), inputShape: [4, 4, 2] } },
  { inputs: [1, 1], output: 2, native: { kind: 'conv', spec: conv(), inputShape: [4, 4, 2] } },
  { inputs: [2], output: 3, native: { kind: 'mean' } },
  { inputs: [3], output: 4 },
];

describe('nativePrefix', () => {
  it('takes the leading steps it can run and leaves the rest to tfjs', () => {
    const prefix = nativePrefix(steps(), 0, [4, 4, 2])!;
    expect(prefix.steps).toBe(3);
    expect(prefix.output).toBe(3);
    expect(prefix.rank).toBe(2);
    expect(prefix.spec.steps.map((s) => s.kind)).toEqual(['conv', 'conv', 'mean']);
    expect(prefix.spec.steps[1]).toMatchObject({ input: 1, residual: 1, activation: 1 });
    const first = prefix.spec.steps[0]!;
    if (first.kind !== 'conv') throw new Error('the first step is not a conv');
    expect(first.geometry).toEqual([1, 4, 4, 2, 3, 3, 2, 4, 4, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(first.filter).toHaveLength(36);
  });

  it('stops at a step it cannot run (a depthwise conv)', () => {
    const s = steps();
    s[1]!.native = { kind: 'conv', spec: conv(true), inputShape: [4, 4, 2] };
    const prefix = nativePrefix(s, 0, [4, 4, 2]);
    // the depthwise conv reads value 1, the prefix's own output: allowed
    expect(prefix?.steps).toBe(1);
    expect(prefix?.rank).toBe(4);
  });

  it('gives up when a later step reads a value inside the network', () => {
    const s = steps();
    s[3] = { inputs: [3, 1], output: 4 };
    expect(nativePrefix(s, 0, [4, 4, 2])).toBeNull();
    expect(nativePrefix([{ inputs: [0], output: 1 }], 0, [4, 4, 2])).toBeNull();
  });

  it('reads an image shape only when every dimension is known', () => {
    expect(imageShape([null, 8, 8, 3])).toEqual([8, 8, 3]);
    expect(imageShape([null, null, 8, 3])).toBeNull();
    expect(imageShape([null, 8])).toBeNull();
  });
});

describe.skipIf(!onednnTestsRun())('INFERENCE_NET on wasm-onednn', () => {
  it('refuses an input of another shape than the network was built for, naming both', async () => {
    await selectBackend({ force: 'wasm-onednn' });
    const prefix = nativePrefix(steps(), 0, [4, 4, 2])!;
    const run = (x: tf.Tensor) =>
      tf.engine().runKernel(INFERENCE_NET, { x }, {
        net: prefix.spec,
      } as unknown as tf.NamedAttrMap) as tf.Tensor;
    const y = run(tf.ones([3, 4, 4, 2]));
    expect(y.shape).toEqual([3, 1, 1, 2]);
    // all-ones input and filter, same padding, relu: the mean is positive
    expect(Math.min(...y.dataSync())).toBeGreaterThan(0);
    expect(() => run(tf.ones([3, 5, 4, 2]))).toThrow(
      /HpaInferenceNet: input is \[3,5,4,2\], the network takes \[batch, 4,4,2\]/,
    );
    expect(() => tf.engine().runKernel(INFERENCE_NET, { x: tf.ones([1, 4, 4, 2]) }, {})).toThrow(
      /attrs.net is missing/,
    );
  });
});

describe.skipIf(!onednnTestsRun())('the native network against the cpu backend', () => {
  // Width 16: channels a multiple of oneDNN's AVX-512 block, so its 3x3 stride-1 convolutions
  // run as Winograd on AVX-512 machines (direct elsewhere); both must give tfjs's numbers.
  it.each([true, false])('ResNet width 16, winograd %s', async (winograd) => {
    await selectBackend({ force: 'cpu' });
    const model = buildResnetModel({
      name: 'resnet',
      blocksPerStage: [1, 1],
      width: 16,
      dropout: 0,
      inputSize: 32,
      channels: 4,
      seed: 5,
    });
    randomizeBatchNorms(model);
    const x = tf.tensor4d(randomArray(4 * 32 * 32 * 4), [4, 32, 32, 4]);
    const expected = tf.tidy(() => (model.apply(x, { training: false }) as tf.Tensor).dataSync());
    await selectBackend({ force: 'wasm-onednn' });
    const plan = compileInferencePlan(model, { winograd })!;
    let y: tf.Tensor | undefined;
    const { kernelNames } = await tf.profile(() => {
      y = plan.run(x);
    });
    expect(kernelNames).toContain(INFERENCE_NET);
    expect(relativeError(y!.dataSync() as Float32Array, expected as Float32Array)).toBeLessThan(
      1e-5,
    );
    tf.dispose([x, y!]);
    plan.dispose();
    model.dispose();
  });
});
