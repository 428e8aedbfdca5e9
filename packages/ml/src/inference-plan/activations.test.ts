import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend.ts';
import {
  activationLayerOf,
  activationOf,
  applyActivation,
  fusableActivationOf,
} from './activations.ts';

beforeAll(async () => {
  await selectBackend({ force: 'cpu' });
});

describe('activations', () => {
  it('reads Keras activation names, ReLU6 spelled either way, and refuses the rest', () => {
    expect(activationOf('relu')).toBe('relu');
    expect(activationOf('relu', 6)).toBe('relu6');
    expect(activationOf('relu6')).toBe('relu6');
    expect(activationOf(undefined)).toBe('linear');
    expect(activationOf('linear')).toBe('linear');
    expect(activationOf('sigmoid')).toBe('sigmoid');
    expect(activationOf('relu', 3)).toBeNull();
    expect(activationOf('tanh')).toBeNull();
  });

  it('reads what an Activation or ReLU layer applies, and only those layers', () => {
    expect(activationLayerOf(tf.layers.activation({ activation: 'relu6' }))).toBe('relu6');
    expect(activationLayerOf(tf.layers.reLU())).toBe('relu');
    expect(activationLayerOf(tf.layers.reLU({ maxValue: 6 }))).toBe('relu6');
    expect(activationLayerOf(tf.layers.activation({ activation: 'tanh' }))).toBeNull();
    expect(activationLayerOf(tf.layers.dropout({ rate: 0.1 }))).toBeNull();
    expect(activationLayerOf(undefined)).toBeNull();
  });

  it('lets a convolution take over ReLU and ReLU6 only', () => {
    expect(fusableActivationOf(tf.layers.reLU())).toBe('relu');
    expect(fusableActivationOf(tf.layers.reLU({ maxValue: 6 }))).toBe('relu6');
    expect(fusableActivationOf(tf.layers.activation({ activation: 'sigmoid' }))).toBeNull();
    expect(fusableActivationOf(tf.layers.activation({ activation: 'linear' }))).toBeNull();
  });

  it('applies each activation', () => {
    const x = tf.tensor1d([-2, 0.5, 7]);
    expect(Array.from(applyActivation(x, 'linear').dataSync())).toEqual([-2, 0.5, 7]);
    expect(Array.from(applyActivation(x, 'relu').dataSync())).toEqual([0, 0.5, 7]);
    expect(Array.from(applyActivation(x, 'relu6').dataSync())).toEqual([0, 0.5, 6]);
    const sigmoid = Array.from(applyActivation(x, 'sigmoid').dataSync());
    expect(sigmoid[1]).toBeCloseTo(1 / (1 + Math.exp(-0.5)), 6);
    x.dispose();
  });
});
