// Our layer subclasses (conv, batch-norm, activation, dropout) keep tfjs's stock class names, so
// saved models stay plain tfjs layers. tfjs-layers exports these layers only through their
// factories, so each subclass takes its base class from an instance.
import * as tf from '@tensorflow/tfjs';

export interface StockLayerClass<Args> {
  new (args: Args): tf.layers.Layer;
  className: string;
  fromConfig: unknown;
}

/** The class behind a tfjs-layers factory's `instance`. */
export function stockLayerClass<Args>(instance: tf.layers.Layer): StockLayerClass<Args> {
  return Object.getPrototypeOf(instance).constructor as StockLayerClass<Args>;
}

/** Models loaded from model.json get `layerClass` for its class name instead of the stock one. */
export function registerLayerClass(layerClass: unknown): void {
  tf.serialization.registerClass(
    layerClass as tf.serialization.SerializableConstructor<tf.layers.Layer>,
  );
}
