// Graph analysis: which layer reads which tensor. Tensors get small integer ids (the plan's
// steps pass values by id); the fusion rules ask who consumes a layer's output.
import type * as tf from '@tensorflow/tfjs';

export interface LayerGraph {
  /** A stable id for a symbolic tensor (a layer's input or output). */
  idOf(tensor: unknown): number;
  /** Ids of the tensors `layer` reads, in order. */
  inputsOf(layer: tf.layers.Layer): number[];
  /** The layer that alone reads `layer`'s output, if any, and reads nothing else. */
  soleConsumer(layer: tf.layers.Layer): tf.layers.Layer | undefined;
  /** The one layer reading `layer`'s output, if any (it may read other tensors too). */
  readerOf(layer: tf.layers.Layer): tf.layers.Layer | undefined;
  /** The model's (first) input and output. */
  inputId: number;
  outputId: number;
}

export function analyzeLayerGraph(model: tf.LayersModel): LayerGraph {
  const ids = new Map<unknown, number>();
  const idOf = (tensor: unknown) => {
    if (!ids.has(tensor)) ids.set(tensor, ids.size);
    return ids.get(tensor)!;
  };
  const inputsOf = (layer: tf.layers.Layer) =>
    (Array.isArray(layer.input) ? layer.input : [layer.input]).map(idOf);
  const consumers = new Map<number, tf.layers.Layer[]>();
  for (const layer of model.layers) {
    if (layer.getClassName() === 'InputLayer') continue;
    for (const id of inputsOf(layer)) consumers.set(id, [...(consumers.get(id) ?? []), layer]);
  }
  const readerOf = (layer: tf.layers.Layer) => {
    const readers = consumers.get(idOf(layer.output)) ?? [];
    return readers.length === 1 ? readers[0] : undefined;
  };
  return {
    idOf,
    inputsOf,
    readerOf,
    soleConsumer(layer) {
      const only = readerOf(layer);
      return only !== undefined && inputsOf(only).length === 1 ? only : undefined;
    },
    // Read after the walk over layers above, so the model's ids come in layer order.
    inputId: idOf(model.inputs[0]),
    outputId: idOf(model.outputs[0]),
  };
}
