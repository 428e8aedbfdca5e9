// The per-layer steps for every layer the plan runs unfused: each reads the layer's config and
// live weights once and returns what computes its output from its inputs (inference mode:
// batch-norm uses the moving statistics, dropout passes through).
import * as tf from '@tensorflow/tfjs';
import { activationLayerOf, activationOf, applyActivation } from './activations.ts';
import { pair, weightsByName } from './conv-spec.ts';

export type StepRun = (inputs: tf.Tensor[]) => tf.Tensor;

/** The step of a layer that is not a convolution; null for a layer the plan does not know. */
export function layerStep(layer: tf.layers.Layer): StepRun | null {
  const config = layer.getConfig() as Record<string, unknown>;
  switch (layer.getClassName()) {
    case 'BatchNormalization': {
      const w = weightsByName(layer);
      const epsilon = config.epsilon as number;
      return ([x]) =>
        tf.batchNorm(
          x!,
          w.get('moving_mean')!,
          w.get('moving_variance')!,
          w.get('beta'),
          w.get('gamma'),
          epsilon,
        );
    }
    case 'Activation':
    case 'ReLU': {
      const activation = activationLayerOf(layer);
      if (activation === null) return null;
      return ([x]) => applyActivation(x!, activation);
    }
    case 'Add':
      return (values) => tf.addN(values);
    case 'MaxPooling2D':
      return ([x]) =>
        tf.maxPool(
          x as tf.Tensor4D,
          pair(config.poolSize),
          pair(config.strides ?? config.poolSize),
          config.padding as 'same' | 'valid',
        );
    case 'GlobalAveragePooling2D':
      return ([x]) => tf.mean(x!, [1, 2]);
    case 'Dropout':
      return ([x]) => x!;
    case 'Dense': {
      const w = weightsByName(layer);
      const activation = activationOf(config.activation);
      const kernel = w.get('kernel') as tf.Tensor2D | undefined;
      if (activation === null || kernel === undefined) return null;
      const bias = w.get('bias');
      return ([x]) =>
        applyActivation(tf.add(tf.matMul(x as tf.Tensor2D, kernel), bias ?? 0), activation);
    }
    default:
      return null;
  }
}
