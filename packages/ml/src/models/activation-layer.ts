// tfjs's Activation layer, which passes its input through when it is a ReLU whose input the
// batch-norm before it already rectified (see fused-relu.ts); otherwise the stock layer. The
// class keeps the stock name, so saved models stay plain Activation layers.
import * as tf from '@tensorflow/tfjs';
import { isRectified, isReluActivation } from './fused-relu.ts';
import { registerLayerClass, stockLayerClass } from './stock-layer.ts';

type ActivationArgs = Parameters<typeof tf.layers.activation>[0];
type Kwargs = Record<string, unknown>;

const StockActivation = stockLayerClass<ActivationArgs>(
  tf.layers.activation({ activation: 'relu' }),
);

export class Activation extends StockActivation {
  static override className = 'Activation';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const input = Array.isArray(inputs) ? inputs[0] : inputs;
    // ReLU is idempotent, so passing a rectified tensor through is exact.
    if (input !== undefined && isRectified(input) && isReluActivation(this)) return input;
    return super.call(inputs, kwargs);
  }
}

registerLayerClass(Activation);

export function activation(args: ActivationArgs): tf.layers.Layer {
  return new Activation(args);
}
