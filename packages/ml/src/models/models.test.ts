import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from './build-model.ts';
import { seededDropout } from './seeded-dropout.ts';
import { buildMobilenetV2Model } from './mobilenet-v2.ts';
import { buildResnetModel } from './resnet.ts';
import { buildSmallCnnModel } from './small-cnn.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function predictShape(model: tf.LayersModel, size: number, channels: number) {
  return tf.tidy(() => {
    const out = model.predict(tf.randomUniform([2, size, size, channels])) as tf.Tensor;
    const values = out.dataSync();
    return { shape: out.shape, min: Math.min(...values), max: Math.max(...values) };
  });
}

describe('model builders', () => {
  it('small CNN: 28 sigmoid outputs at any configured input size and channel count', () => {
    const model = buildSmallCnnModel({
      name: 'small-cnn',
      filters: 4,
      blocks: 3,
      dropout: 0.2,
      inputSize: 32,
      channels: 1,
      seed: 1,
    });
    expect(model.inputs[0]?.shape).toEqual([null, 32, 32, 1]);
    expect(model.outputs[0]?.shape).toEqual([null, 28]);
    const out = predictShape(model, 32, 1);
    expect(out.shape).toEqual([2, 28]);
    expect(out.min).toBeGreaterThan(0);
    expect(out.max).toBeLessThan(1);
    model.dispose();
  });

  it('ResNet: depth and width change the network, output stays [batch, 28]', () => {
    const r10 = buildResnetModel({
      name: 'resnet',
      blocksPerStage: [1, 1, 1, 1],
      width: 8,
      dropout: 0,
      inputSize: 64,
      channels: 4,
      seed: 1,
    });
    const r18 = buildResnetModel({
      name: 'resnet',
      blocksPerStage: [2, 2, 2, 2],
      width: 8,
      dropout: 0,
      inputSize: 64,
      channels: 4,
      seed: 1,
    });
    const wide = buildResnetModel({
      name: 'resnet',
      blocksPerStage: [1, 1, 1, 1],
      width: 16,
      dropout: 0,
      inputSize: 64,
      channels: 4,
      seed: 1,
    });
    expect(r18.countParams()).toBeGreaterThan(r10.countParams());
    expect(wide.countParams()).toBeGreaterThan(3 * r10.countParams());
    expect(r10.getLayer('stage3_block0_add').outputShape).toEqual([null, 2, 2, 64]);
    expect(predictShape(r18, 64, 4).shape).toEqual([2, 28]);
    tf.dispose([r10, r18, wide].flatMap((m) => m.weights.map((w) => w.read())));
  });

  it('MobileNetV2: inverted residual blocks with depthwise convs, [batch, 28] output', () => {
    const model = buildMobilenetV2Model({
      name: 'mobilenet-v2',
      widthMultiplier: 0.25,
      expansion: 2,
      dropout: 0,
      inputSize: 64,
      channels: 3,
      seed: 1,
    });
    expect(model.layers.some((l) => l.getClassName() === 'DepthwiseConv2D')).toBe(true);
    expect(model.getLayer('stage6_block0_project_bn').outputShape).toEqual([null, 2, 2, 80]);
    expect(predictShape(model, 64, 3).shape).toEqual([2, 28]);
    model.dispose();
  });

  it('the same seed gives the same weights; another seed does not', () => {
    const config = {
      model: { name: 'resnet' as const, blocksPerStage: [1, 1], width: 4, dropout: 0 },
      inputSize: 32,
      channels: 4,
    };
    const a = buildModel({ ...config, seed: 7 });
    const b = buildModel({ ...config, seed: 7 });
    const c = buildModel({ ...config, seed: 8 });
    const first = (m: tf.LayersModel) => m.getLayer('stem_conv').getWeights()[0]!.dataSync();
    expect(Array.from(first(a))).toEqual(Array.from(first(b)));
    expect(Array.from(first(a))).not.toEqual(Array.from(first(c)));
    [a, b, c].forEach((m) => m.dispose());
  });

  it('refuses an input size the model cannot take, naming inputSize', () => {
    expect(() =>
      buildModel({
        model: { name: 'mobilenet-v2', widthMultiplier: 0.25, expansion: 2, dropout: 0 },
        inputSize: 48,
        channels: 4,
        seed: 1,
      }),
    ).toThrow(/inputSize: mobilenet-v2 needs a multiple of 32/);
  });
});

describe('SeededDropout', () => {
  it('draws a fresh mask at every training call, and the same sequence from the same seed', () => {
    const masks = (seed: number) => {
      const layer = seededDropout({ rate: 0.5 }, seed);
      const ones = tf.ones([1, 64]);
      const drawn = [0, 1].map(() =>
        tf.tidy(() => Array.from((layer.apply(ones, { training: true }) as tf.Tensor).dataSync())),
      );
      ones.dispose();
      return drawn;
    };
    const [first, second] = masks(7);
    expect(first).not.toEqual(second);
    expect(masks(7)).toEqual([first, second]);
    expect(masks(8)[0]).not.toEqual(first);
  });
});
