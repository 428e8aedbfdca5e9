// Each step computes what its layer computes in inference mode, on random inputs; the conv steps
// what the conv layer (+ the residual add) computes.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomArray, relativeError } from '../backend/compare-backends.ts';
import { selectBackend } from '../backend/select-backend.ts';
import { readConvSpec } from './conv-spec.ts';
import { runConv, runConvResidual } from './conv-steps.ts';
import { layerStep } from './layer-steps.ts';
import { randomizeBatchNorms } from './test-fixtures.ts';

beforeAll(async () => {
  await selectBackend({ force: 'cpu' });
});

const random = (shape: number[]) => tf.tensor(randomArray(shape.reduce((a, b) => a * b, 1)), shape);

/** Builds `layer` on inputs of `shapes` and compares its step with `layer.apply`. */
function expectStepMatchesLayer(layer: tf.layers.Layer, shapes: number[][]) {
  const inputs = shapes.map((shape) => tf.input({ shape: shape.slice(1) }));
  const output = layer.apply(inputs.length === 1 ? inputs[0]! : inputs) as tf.SymbolicTensor;
  const model = tf.model({ inputs, outputs: output });
  randomizeBatchNorms(model);
  const values = shapes.map(random);
  const expected = (model.apply(values, { training: false }) as tf.Tensor).dataSync();
  const step = layerStep(layer);
  expect(step).not.toBeNull();
  const actual = step!(values).dataSync();
  expect(relativeError(actual as Float32Array, expected as Float32Array)).toBeLessThan(1e-5);
  tf.dispose(values);
  model.dispose();
}

describe('layerStep', () => {
  it.each([
    [
      'BatchNormalization (moving statistics)',
      () => tf.layers.batchNormalization(),
      [[2, 5, 5, 3]],
    ],
    ['Activation', () => tf.layers.activation({ activation: 'relu6' }), [[2, 5, 5, 3]]],
    ['ReLU', () => tf.layers.reLU(), [[2, 5, 5, 3]]],
    [
      'Add',
      () => tf.layers.add(),
      [
        [2, 5, 5, 3],
        [2, 5, 5, 3],
      ],
    ],
    ['MaxPooling2D', () => tf.layers.maxPooling2d({ poolSize: 2 }), [[2, 6, 6, 3]]],
    [
      'MaxPooling2D (strides, same)',
      () => tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }),
      [[2, 7, 7, 3]],
    ],
    ['GlobalAveragePooling2D', () => tf.layers.globalAveragePooling2d({}), [[2, 5, 5, 3]]],
    ['Dropout (inference: passes through)', () => tf.layers.dropout({ rate: 0.5 }), [[2, 7]]],
    ['Dense', () => tf.layers.dense({ units: 4, activation: 'sigmoid' }), [[2, 7]]],
  ] as const)('%s', (_name, make, shapes) => {
    expectStepMatchesLayer(
      make(),
      shapes.map((shape) => [...shape]),
    );
  });

  it('has no step for a layer the plan does not know, or an activation it cannot apply', () => {
    expect(layerStep(tf.layers.upSampling2d({}))).toBeNull();
    expect(layerStep(tf.layers.activation({ activation: 'tanh' }))).toBeNull();
  });
});

describe('conv steps', () => {
  function conv(
    options: { strides?: number; padding?: 'same' | 'valid'; activation?: string },
    depthwise = false,
  ) {
    const layer = depthwise
      ? tf.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', ...(options as object) })
      : tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', ...(options as object) });
    const input = tf.input({ shape: [6, 6, 3] });
    const model = tf.model({ inputs: input, outputs: layer.apply(input) as tf.SymbolicTensor });
    return { layer, model };
  }

  it.each([
    ['conv2d + bias + relu', {}, false, 'relu'],
    ['strided, valid conv2d', { strides: 2, padding: 'valid' }, false, 'linear'],
    ['depthwise + relu6', {}, true, 'relu6'],
  ] as const)('runConv: %s', (_name, options, depthwise, activation) => {
    const { layer, model } = conv({ ...options, activation }, depthwise);
    const x = random([2, 6, 6, 3]);
    const expected = (model.apply(x) as tf.Tensor).dataSync();
    const actual = runConv(readConvSpec(layer)!, x).dataSync();
    expect(relativeError(actual as Float32Array, expected as Float32Array)).toBeLessThan(1e-5);
    x.dispose();
    model.dispose();
  });

  it('runConvResidual: relu(conv(x) + shortcut), the stock path on this backend', () => {
    const { layer, model } = conv({});
    const x = random([2, 6, 6, 3]);
    const shortcut = random([2, 6, 6, 3]);
    const expected = tf.relu(tf.add(model.apply(x) as tf.Tensor, shortcut)).dataSync();
    const spec = { ...readConvSpec(layer)!, activation: 'relu' as const };
    const actual = runConvResidual(spec, x, shortcut).dataSync();
    expect(relativeError(actual as Float32Array, expected as Float32Array)).toBeLessThan(1e-5);
    tf.dispose([x, shortcut]);
    model.dispose();
  });
});
