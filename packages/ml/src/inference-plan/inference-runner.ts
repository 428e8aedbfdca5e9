// What every inference path (evaluation, predictFolder, the bench) uses: the folded plan, or the
// model itself (in inference mode) where the plan does not apply.
import type * as tf from '@tensorflow/tfjs';
import { compileInferencePlan, type InferencePlan } from './compile-inference-plan.ts';

/**
 * `model.apply` rather than `model.predict` for the fallback: predict first copies its input
 * into sub-batches, which cost a quarter of a 128 px ResNet batch on wasm-onednn (the bench's
 * profile) and gives nothing for one batch.
 */
export function inferenceRunner(model: tf.LayersModel): InferencePlan {
  return (
    compileInferencePlan(model) ?? {
      run: (x) => model.apply(x, { training: false }) as tf.Tensor2D,
      foldedBatchNorms: 0,
      dispose: () => undefined,
    }
  );
}
