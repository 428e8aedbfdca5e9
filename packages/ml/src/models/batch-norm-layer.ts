// tfjs's BatchNormalization layer, with its training-mode step run as one native kernel where
// the backend has it (wasm-onednn). Stock tfjs computes moments and normalizes with ~5 kernels
// and backpropagates through ~12 more; ours is one kernel each way. Everywhere else, and at
// inference, it is the stock layer. The class keeps the stock name, so saved models stay plain
// Keras/tfjs BatchNormalization layers that any tfjs build loads.
import * as tf from '@tensorflow/tfjs';
import { BATCH_NORM_TRAINING, MOVING_AVERAGES } from '../backend/onednn/kernel-names.ts';
import { feedsOnlyRelu, markRectified } from './fused-relu.ts';
import { registerLayerClass, stockLayerClass } from './stock-layer.ts';

type BatchNormArgs = NonNullable<Parameters<typeof tf.layers.batchNormalization>[0]>;
type Kwargs = Record<string, unknown>;

/** The fields of tfjs-layers' BatchNormalization we read (private in its typings). */
interface BatchNormInternals {
  axis: number;
  momentum: number;
  epsilon: number;
  gamma: tf.LayerVariable | null;
  beta: tf.LayerVariable | null;
  movingMean: tf.LayerVariable;
  movingVariance: tf.LayerVariable;
}

const StockBatchNormalization = stockLayerClass<BatchNormArgs>(tf.layers.batchNormalization({}));

export class BatchNormalization extends StockBatchNormalization {
  static override className = 'BatchNormalization';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const input = Array.isArray(inputs) ? inputs[0] : inputs;
    const self = this as unknown as BatchNormInternals;
    const fast =
      kwargs.training === true &&
      input !== undefined &&
      (self.axis === -1 || self.axis === input.rank - 1) &&
      self.gamma !== null &&
      self.beta !== null &&
      tf.getKernel(BATCH_NORM_TRAINING, tf.getBackend()) !== undefined;
    if (!fast) return super.call(inputs, kwargs);
    // The ReLU after it, when it is this layer's only reader, runs inside the kernel (and its
    // gradient inside the kernel's gradient); the Activation layer then passes y through.
    const relu = feedsOnlyRelu(this);
    const y = tf.tidy(() => {
      const [y, mean, variance] = tf
        .engine()
        .runKernel(
          BATCH_NORM_TRAINING,
          { x: input, scale: self.gamma!.read(), offset: self.beta!.read() },
          { epsilon: self.epsilon, relu },
        ) as [tf.Tensor, tf.Tensor, tf.Tensor];
      // The moving statistics, exactly as the stock layer updates them (in one kernel call
      // where the backend has it: the stock update is 8 small kernels per layer).
      if (tf.getKernel(MOVING_AVERAGES, tf.getBackend()) !== undefined) {
        const [newMean, newVariance] = tf.engine().runKernel(
          MOVING_AVERAGES,
          {
            movingMean: self.movingMean.read(),
            movingVariance: self.movingVariance.read(),
            mean,
            variance,
          },
          { momentum: self.momentum },
        ) as [tf.Tensor, tf.Tensor];
        self.movingMean.write(newMean);
        self.movingVariance.write(newVariance);
        return y;
      }
      const decay = 1 - self.momentum;
      for (const [variable, value] of [
        [self.movingMean, mean],
        [self.movingVariance, variance],
      ] as const) {
        tf.tidy(() => {
          const original = variable.read();
          variable.write(tf.sub(original, tf.mul(tf.sub(original, value), decay)));
        });
      }
      return y;
    });
    if (relu) markRectified(y);
    return y;
  }
}

// Models loaded from model.json get this class too, so fine-tuning a loaded model is as fast.
registerLayerClass(BatchNormalization);

export function batchNormalization(args: BatchNormArgs): tf.layers.Layer {
  return new BatchNormalization(args);
}
