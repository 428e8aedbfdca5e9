// The fusion rules: which layers after a convolution run inside the same step.
//   conv (linear) -> BatchNormalization (its sole reader)   folded into the conv's weights
//   conv (+ bn)   -> Add (two inputs, the conv's one reader) one conv + residual step, emitted
//                                                           where the walk reaches the Add
//   conv (+ bn) / Add -> ReLU or ReLU6 (its sole reader)     applied by the same call
import type * as tf from '@tensorflow/tfjs';
import { fusableActivationOf } from './activations.ts';
import { foldBatchNorm, readConvSpec, type ConvSpec } from './conv-spec.ts';
import type { LayerGraph } from './layer-graph.ts';

export interface ConvFusion {
  spec: ConvSpec;
  /** Layers after the conv that this step replaces (the walk skips them). */
  absorbed: tf.layers.Layer[];
  /** A batch-norm was folded: `spec.kernel` and `spec.bias` are new tensors the plan owns. */
  foldedBatchNorm: boolean;
  /** Set when the conv runs fused with this Add, as its step (`spec` has no activation yet). */
  residualAdd?: tf.layers.Layer;
  /** The tensor the step writes; for a residual, the tensor the Add reads from the conv. */
  output: number;
}

/**
 * What runs with `conv` in one step; null when the conv itself cannot be planned.
 * `claimedAdds` are Adds another conv already runs fused with (an Add takes one conv).
 */
export function fuseConv(
  conv: tf.layers.Layer,
  graph: LayerGraph,
  claimedAdds: ReadonlySet<tf.layers.Layer>,
): ConvFusion | null {
  let spec = readConvSpec(conv);
  if (spec === null) return null;
  const absorbed: tf.layers.Layer[] = [];
  let last = conv;
  let foldedBatchNorm = false;

  const next = graph.soleConsumer(last);
  if (spec.activation === 'linear' && next?.getClassName() === 'BatchNormalization') {
    spec = foldBatchNorm(spec, next);
    foldedBatchNorm = true;
    absorbed.push(next);
    last = next;
  }

  const add = graph.readerOf(last);
  if (
    spec.activation === 'linear' &&
    add?.getClassName() === 'Add' &&
    graph.inputsOf(add).length === 2 &&
    !claimedAdds.has(add)
  ) {
    // Emitted at the Add: the shortcut may come later in the layer list.
    return { spec, absorbed, foldedBatchNorm, residualAdd: add, output: graph.idOf(last.output) };
  }

  const after = graph.soleConsumer(last);
  const activation = spec.activation === 'linear' ? fusableActivationOf(after) : null;
  if (after !== undefined && activation !== null) {
    spec = { ...spec, activation };
    absorbed.push(after);
    last = after;
  }
  return { spec, absorbed, foldedBatchNorm, output: graph.idOf(last.output) };
}

export interface AddFusion {
  /** The conv's spec with the ReLU / ReLU6 after the Add, if there is one. */
  spec: ConvSpec;
  absorbed: tf.layers.Layer[];
  output: number;
}

/** The activation after a fused conv + Add joins the same step. */
export function fuseAddActivation(
  add: tf.layers.Layer,
  spec: ConvSpec,
  graph: LayerGraph,
): AddFusion {
  const after = graph.soleConsumer(add);
  const activation = fusableActivationOf(after);
  if (after === undefined || activation === null) {
    return { spec, absorbed: [], output: graph.idOf(add.output) };
  }
  return { spec: { ...spec, activation }, absorbed: [after], output: graph.idOf(after.output) };
}
