// tfjs-core's FusedBatchNorm gradient tiles the [C] statistics up to the activation's full
// shape before multiplying (Tile was ~25% of a wasm training step). The same math written
// with broadcasting skips that copy. Gradients are global in tfjs, so this replaces the
// gradient for every backend; the result is identical up to float rounding.
import * as tf from '@tensorflow/tfjs';

function reductionAxes(statShape: number[], xShape: number[]): number[] {
  return tf.backend_util.getReductionAxes(statShape, xShape);
}

export const broadcastingBatchNormGradient: tf.GradConfig = {
  kernelName: tf.FusedBatchNorm,
  inputsToSave: ['x', 'mean', 'variance', 'scale'],
  gradFunc: (dy, saved, attrs) => {
    const { varianceEpsilon } = attrs as unknown as { varianceEpsilon: number };
    const [x, mean, variance, scale] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor?];
    const dyT = dy as tf.Tensor;
    const scaleValue = scale ?? tf.scalar(1);
    const axes = reductionAxes(mean.shape, x.shape);
    const reduceTo = (t: tf.Tensor, shape: number[]) =>
      tf.reshape(axes.length > 0 ? tf.sum(t, axes) : t, shape);
    const rsqrtVar = tf.rsqrt(tf.add(variance, tf.scalar(varianceEpsilon)));
    const xMinusMean = tf.sub(x, mean);
    const dyTimesScale = tf.mul(dyT, scaleValue);
    return {
      x: () => tf.reshape(tf.mul(dyTimesScale, rsqrtVar), x.shape),
      mean: () => reduceTo(tf.mul(tf.neg(rsqrtVar), dyTimesScale), mean.shape),
      variance: () =>
        reduceTo(
          tf.mul(
            tf.mul(tf.mul(tf.pow(rsqrtVar, tf.scalar(3)), tf.scalar(-0.5)), xMinusMean),
            dyTimesScale,
          ),
          mean.shape,
        ),
      scale: () => reduceTo(tf.mul(dyT, tf.mul(xMinusMean, rsqrtVar)), mean.shape),
      offset: () => reduceTo(dyT, mean.shape),
    };
  },
};

/** tfjs-core's own gradient, kept so tests can compare against it. */
export const tfjsCoreBatchNormGradient: tf.GradConfig | undefined = tf.getGradient(
  tf.FusedBatchNorm,
);

let installed = false;

/** Replaces tfjs-core's tiling FusedBatchNorm gradient with the broadcasting one (idempotent). */
export function installBroadcastingBatchNormGradient(): void {
  if (installed) return;
  tf.unregisterGradient(tf.FusedBatchNorm);
  tf.registerGradient(broadcastingBatchNormGradient);
  installed = true;
}
