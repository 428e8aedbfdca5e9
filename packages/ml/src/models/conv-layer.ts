// tfjs's Conv2D layer, whose training-mode call runs tf.conv2d instead of tfjs-layers' usual
// tf.fused.conv2d. For a linear conv without bias (every conv of convBn) both compute the same
// thing, but fused.conv2d wraps the kernel in tf.customGrad, whose gradient computes the input
// gradient and the filter gradient eagerly, needed or not. tf.conv2d's registered gradient is
// lazy: the tape asks only for the gradients on a path to a variable, so the first conv skips
// the gradient with respect to the images (a 7x7 Conv2DBackpropInput into 128x128x4, for
// nothing). At inference, and for anything else (bias, an activation, NCHW), the stock call.
// The class keeps the stock name, so saved models stay plain Conv2D layers.
import * as tf from '@tensorflow/tfjs';
import { registerLayerClass, stockLayerClass } from './stock-layer.ts';

type Conv2DArgs = Parameters<typeof tf.layers.conv2d>[0];
type Kwargs = Record<string, unknown>;

/** The fields of tfjs-layers' Conv2D we read (private in its typings). */
interface Conv2DInternals {
  kernel: tf.LayerVariable;
  bias: tf.LayerVariable | null;
  strides: [number, number];
  padding: 'valid' | 'same' | 'causal';
  dataFormat: 'channelsFirst' | 'channelsLast';
  dilationRate: [number, number];
  activation: { getClassName(): string } | null;
}

const StockConv2D = stockLayerClass<Conv2DArgs>(tf.layers.conv2d({ filters: 1, kernelSize: 1 }));

export class Conv2D extends StockConv2D {
  static override className = 'Conv2D';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const input = Array.isArray(inputs) ? inputs[0] : inputs;
    const self = this as unknown as Conv2DInternals;
    const plain =
      kwargs.training === true &&
      input !== undefined &&
      input.rank === 4 &&
      self.bias === null &&
      self.padding !== 'causal' &&
      self.dataFormat === 'channelsLast' &&
      (self.activation === null || self.activation.getClassName() === 'linear');
    if (!plain) return super.call(inputs, kwargs);
    return tf.conv2d(
      input as tf.Tensor4D,
      self.kernel.read() as tf.Tensor4D,
      self.strides,
      self.padding as 'valid' | 'same',
      'NHWC',
      self.dilationRate,
    );
  }
}

// Models loaded from model.json get this class too, so fine-tuning a loaded model is as fast.
registerLayerClass(Conv2D);

export function conv2d(args: Conv2DArgs): tf.layers.Layer {
  return new Conv2D(args);
}
