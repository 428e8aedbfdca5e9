// The activations a plan step can apply, read from a layer's config. A convolution can take
// over ReLU and ReLU6 (oneDNN and tfjs's fused conv apply them in the same call); sigmoid is
// only ever the classifier head's.
import * as tf from '@tensorflow/tfjs';

export type Activation = 'linear' | 'relu' | 'relu6' | 'sigmoid';

/** A Keras activation name (and a ReLU's maxValue) as an Activation; null when unsupported. */
export function activationOf(name: unknown, maxValue?: unknown): Activation | null {
  if (name === 'relu' && (maxValue === undefined || maxValue === null)) return 'relu';
  if ((name === 'relu' && maxValue === 6) || name === 'relu6') return 'relu6';
  if (name === 'linear' || name === undefined || name === null) return 'linear';
  if (name === 'sigmoid') return 'sigmoid';
  return null;
}

/** What an Activation or ReLU layer applies; null for other layers and unknown activations. */
export function activationLayerOf(layer: tf.layers.Layer | undefined): Activation | null {
  if (layer === undefined) return null;
  const config = layer.getConfig() as Record<string, unknown>;
  switch (layer.getClassName()) {
    case 'Activation':
      return activationOf(config.activation);
    case 'ReLU':
      return activationOf('relu', config.maxValue);
    default:
      return null;
  }
}

/** The activation a fused convolution can take over from the layer after it, if any. */
export function fusableActivationOf(layer: tf.layers.Layer | undefined): 'relu' | 'relu6' | null {
  const activation = activationLayerOf(layer);
  return activation === 'relu' || activation === 'relu6' ? activation : null;
}

export function applyActivation(x: tf.Tensor, activation: Activation): tf.Tensor {
  switch (activation) {
    case 'linear':
      return x;
    case 'relu':
      return tf.relu(x);
    case 'relu6':
      return tf.relu6(x);
    case 'sigmoid':
      return tf.sigmoid(x);
  }
}
