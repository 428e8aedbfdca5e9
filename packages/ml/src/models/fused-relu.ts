// A ReLU fused into the batch-norm before it, in training: the batch-norm kernel writes
// max(batch-norm, 0) and its gradient masks dy itself (one pass each way instead of a separate
// Relu forward and ReLU-gradient pass over the activation). The model keeps its separate
// Activation('relu') layer, so saved models and the inference plan see the stock graph; that
// layer passes a tensor through when the batch-norm marked it as already rectified.
import type * as tf from '@tensorflow/tfjs';

const rectified = new WeakSet<tf.Tensor>();

/** Called by the batch-norm layer on the output it rectified. */
export function markRectified(tensor: tf.Tensor): void {
  rectified.add(tensor);
}

export function isRectified(tensor: tf.Tensor): boolean {
  return rectified.has(tensor);
}

interface ActivationLike {
  getClassName(): string;
  activation?: { getClassName(): string };
}

/** Whether an Activation layer applies ReLU (read from its activation object: getConfig()
 *  would build the whole config on every training call). */
export function isReluActivation(layer: unknown): boolean {
  const candidate = layer as ActivationLike;
  return (
    candidate.getClassName() === 'Activation' && candidate.activation?.getClassName() === 'relu'
  );
}

/**
 * Whether the layer's output feeds exactly one layer, an Activation('relu'): only then may the
 * batch-norm rectify its own output (a second reader would see rectified values).
 */
export function feedsOnlyRelu(layer: tf.layers.Layer): boolean {
  const outbound = (layer as unknown as { outboundNodes: { outboundLayer: ActivationLike }[] })
    .outboundNodes;
  if (outbound.length !== 1) return false;
  return isReluActivation(outbound[0]!.outboundLayer);
}
