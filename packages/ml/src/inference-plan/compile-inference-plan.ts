// An inference-only form of a trained model: each convolution followed by its batch-norm (and
// ReLU / ReLU6) becomes ONE fused convolution with the batch-norm folded into its weights and
// bias, as TensorFlow's and PyTorch's inference converters do. On wasm-onednn that is one
// oneDNN call instead of three kernels and two extra passes over the activations, and the
// plan runs tf ops directly, without tfjs-layers' per-layer bookkeeping.
//
// This file walks the layers in order and turns each into a step; the parts it composes are
// the graph analysis (layer-graph.ts), the fusion rules (fusion-rules.ts) and the per-layer
// steps (conv-steps.ts, layer-steps.ts). Where the backend registers INFERENCE_NET
// (wasm-onednn), the leading steps run as one native network instead (native-net.ts): each
// step also says what it computes in that network's terms.
//
// The folded weights are computed when the plan is compiled (other layers read the model's
// live weights): compile a new plan after the weights change. `dispose` frees only what the
// plan made, never the model's own weights.
// Layers it does not know make `compileInferencePlan` return null; callers then use
// `model.apply(x, { training: false })`, which gives the same numbers (to float rounding).
import * as tf from '@tensorflow/tfjs';
import { pair, type ConvSpec } from './conv-spec.ts';
import { runConv, runConvResidual } from './conv-steps.ts';
import { fuseAddActivation, fuseConv } from './fusion-rules.ts';
import { analyzeLayerGraph } from './layer-graph.ts';
import { layerStep, type StepRun } from './layer-steps.ts';
import { INFERENCE_NET } from '../backend/onednn/kernel-names.ts';
import { imageShape, nativePrefix, type NativePrefix, type NativeStep } from './native-net.ts';

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
  native?: NativeStep;
}

export interface CompileOptions {
  /**
   * Run the leading steps as one native network where the backend has INFERENCE_NET
   * (default true); false keeps one tfjs kernel per step (to compare the two).
   */
  nativeNet?: boolean;
  /**
   * In the native network, 3x3 stride-1 convolutions run as Winograd where oneDNN has it
   * (AVX-512; default true): ~1.5-2x faster there, rounding differing by ~1e-6 relative.
   */
  winograd?: boolean;
}

/**
 * Compiles `model` for inference, or returns null when it holds a layer this does not handle
 * (the caller then runs the model itself).
 */
export function compileInferencePlan(
  model: tf.LayersModel,
  options: CompileOptions = {},
): InferencePlan | null {
  const graph = analyzeLayerGraph(model);
  // Layers run inside an earlier step; skipped when the walk reaches them.
  const absorbed = new Set<tf.layers.Layer>();
  // Adds that run fused with the conv (+ batch-norm) that feeds them: that conv's spec and input.
  const residuals = new Map<
    tf.layers.Layer,
    { spec: ConvSpec; input: number; from: number; conv: tf.layers.Layer }
  >();
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
          conv: layer,
        });
        continue;
      }
      const spec = fusion.spec;
      steps.push({
        inputs,
        output: fusion.output,
        run: ([x]) => runConv(spec, x!),
        native: convNative(spec, layer),
      });
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
        native: convNative(spec, residual.conv),
      });
      continue;
    }

    const run = layerStep(layer);
    if (run === null) return disposeAll(owned);
    steps.push({ inputs, output: graph.idOf(layer.output), run, native: layerNative(layer) });
  }

  const inputShape = imageShape(model.inputs[0]!.shape);
  // Built at the first run on a backend with the kernel: it reads every filter (a copy).
  let native: NativePrefix | null | undefined =
    options.nativeNet === false || inputShape === null ? null : undefined;

  return {
    foldedBatchNorms: folded,
    run: (x) =>
      tf.tidy(() => {
        const values = new Map<number, tf.Tensor>([[graph.inputId, x]]);
        let first = 0;
        if (native !== null && tf.getKernel(INFERENCE_NET, tf.getBackend()) !== undefined) {
          native ??= nativePrefix(steps, graph.inputId, inputShape!, options.winograd ?? true);
          if (native !== null) {
            values.set(native.output, runNative(native, x));
            first = native.steps;
          }
        }
        for (const step of steps.slice(first)) {
          values.set(step.output, step.run(step.inputs.map((id) => values.get(id)!)));
        }
        return values.get(graph.outputId) as tf.Tensor2D;
      }),
    dispose: () => {
      tf.dispose(owned);
      // The native network (its buffers) goes with the last reference to its spec.
      native = null;
    },
  };
}

function runNative(prefix: NativePrefix, x: tf.Tensor4D): tf.Tensor {
  const y = tf.engine().runKernel(INFERENCE_NET, { x }, {
    net: prefix.spec,
  } as unknown as tf.NamedAttrMap) as tf.Tensor;
  // The network writes [batch, h, w, c]; tfjs's mean over h and w gives [batch, c].
  return prefix.rank === 2 ? tf.reshape(y, [y.shape[0]!, y.shape[3]!]) : y;
}

function convNative(spec: ConvSpec, conv: tf.layers.Layer): NativeStep | undefined {
  const inputShape = imageShape((conv.input as tf.SymbolicTensor).shape);
  return inputShape === null ? undefined : { kind: 'conv', spec, inputShape };
}

function layerNative(layer: tf.layers.Layer): NativeStep | undefined {
  const config = layer.getConfig() as Record<string, unknown>;
  if ((config.dataFormat ?? 'channelsLast') !== 'channelsLast') return undefined;
  if (layer.getClassName() === 'GlobalAveragePooling2D') return { kind: 'mean' };
  const inputShape = imageShape((layer.input as tf.SymbolicTensor).shape);
  if (layer.getClassName() !== 'MaxPooling2D' || inputShape === null) return undefined;
  return {
    kind: 'maxPool',
    inputShape,
    poolSize: pair(config.poolSize),
    strides: pair(config.strides ?? config.poolSize),
    pad: config.padding as string,
  };
}

function disposeAll(tensors: tf.Tensor[]): null {
  tf.dispose(tensors);
  return null;
}
