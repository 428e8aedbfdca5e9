// An inference-only form of a trained model: each convolution followed by its batch-norm (and
// ReLU / ReLU6) becomes ONE fused convolution with the batch-norm folded into its weights and
// bias, as TensorFlow's and PyTorch's inference converters do. On wasm-onednn that is one
// oneDNN call instead of three kernels and two extra passes over the activations, and the
// plan runs tf ops directly, without tfjs-layers' per-layer bookkeeping.
//
// This file walks the layers in order and turns each into a step; the parts it composes are
// the graph analysis (layer-graph.ts), the fusion rules (fusion-rules.ts) and the per-layer
// steps (conv-steps.ts, layer-steps.ts).
//
// The folded weights are computed when the plan is compiled (other layers read the model's
// live weights): compile a new plan after the weights change. `dispose` frees only what the
// plan made, never the model's own weights.
// Layers it does not know make `compileInferencePlan` return null; callers then use
// `model.apply(x, { training: false })`, which gives the same numbers (to float rounding).
import * as tf from '@tensorflow/tfjs';
import type { ConvSpec } from './conv-spec.ts';
import { runConv, runConvResidual } from './conv-steps.ts';
import { fuseAddActivation, fuseConv } from './fusion-rules.ts';
import { analyzeLayerGraph } from './layer-graph.ts';
import { layerStep, type StepRun } from './layer-steps.ts';

export interface InferencePlan {
  run(x: tf.Tensor4D): tf.Tensor2D;
  /** How many convolutions absorbed a batch-norm; for reports and tests. */
  foldedBatchNorms: number;
  dispose(): void;
}

interface Step {
  inputs: number[];
  output: number;
  run: StepRun;
}

/**
 * Compiles `model` for inference, or returns null when it holds a layer this does not handle
 * (the caller then runs the model itself).
 */
export function compileInferencePlan(model: tf.LayersModel): InferencePlan | null {
  const graph = analyzeLayerGraph(model);
  // Layers run inside an earlier step; skipped when the walk reaches them.
  const absorbed = new Set<tf.layers.Layer>();
  // Adds that run fused with the conv (+ batch-norm) that feeds them: that conv's spec and input.
  const residuals = new Map<tf.layers.Layer, { spec: ConvSpec; input: number; from: number }>();
  const steps: Step[] = [];
  const owned: tf.Tensor[] = [];
  let folded = 0;

  for (const layer of model.layers) {
    if (absorbed.has(layer)) continue;
    const className = layer.getClassName();
    if (className === 'InputLayer') continue;
    const inputs = graph.inputsOf(layer);

    if (className === 'Conv2D' || className === 'DepthwiseConv2D') {
      const fusion = fuseConv(layer, graph, new Set(residuals.keys()));
      if (fusion === null) return disposeAll(owned);
      if (fusion.foldedBatchNorm) {
        owned.push(fusion.spec.kernel, ...(fusion.spec.bias ? [fusion.spec.bias] : []));
        folded += 1;
      }
      for (const next of fusion.absorbed) absorbed.add(next);
      if (fusion.residualAdd) {
        residuals.set(fusion.residualAdd, {
          spec: fusion.spec,
          input: inputs[0]!,
          from: fusion.output,
        });
        continue;
      }
      const spec = fusion.spec;
      steps.push({ inputs, output: fusion.output, run: ([x]) => runConv(spec, x!) });
      continue;
    }

    const residual = className === 'Add' ? residuals.get(layer) : undefined;
    if (residual) {
      // conv (+ folded batch-norm) + shortcut (+ the ReLU after the Add) as one step.
      const shortcut = inputs.find((id) => id !== residual.from)!;
      const fusion = fuseAddActivation(layer, residual.spec, graph);
      for (const next of fusion.absorbed) absorbed.add(next);
      const spec = fusion.spec;
      steps.push({
        inputs: [residual.input, shortcut],
        output: fusion.output,
        run: ([x, shortcutValue]) => runConvResidual(spec, x!, shortcutValue!),
      });
      continue;
    }

    const run = layerStep(layer);
    if (run === null) return disposeAll(owned);
    steps.push({ inputs, output: graph.idOf(layer.output), run });
  }

  return {
    foldedBatchNorms: folded,
    run: (x) =>
      tf.tidy(() => {
        const values = new Map<number, tf.Tensor>([[graph.inputId, x]]);
        for (const step of steps) {
          values.set(step.output, step.run(step.inputs.map((id) => values.get(id)!)));
        }
        return values.get(graph.outputId) as tf.Tensor2D;
      }),
    dispose: () => tf.dispose(owned),
  };
}

function disposeAll(tensors: tf.Tensor[]): null {
  tf.dispose(tensors);
  return null;
}
