// An inference-only form of a trained model: each convolution followed by its batch-norm (and
// ReLU / ReLU6) becomes ONE fused convolution with the batch-norm folded into its weights and
// bias, as TensorFlow's and PyTorch's inference converters do. On wasm-onednn that is one
// oneDNN call instead of three kernels and two extra passes over the activations, and the
// plan runs tf ops directly, without tfjs-layers' per-layer bookkeeping.
//
// The folded weights are computed when the plan is compiled (other layers read the model's
// live weights): compile a new plan after the weights change. `dispose` frees only what the
// plan made, never the model's own weights.
// Layers it does not know make `compileInferencePlan` return null; callers then use
// `model.apply(x, { training: false })`, which gives the same numbers (to float rounding).
import * as tf from '@tensorflow/tfjs';
import { CONV2D_RESIDUAL } from '../backend/onednn/kernel-names.ts';

export interface InferencePlan {
  run(x: tf.Tensor4D): tf.Tensor2D;
  /** How many convolutions absorbed a batch-norm; for reports and tests. */
  foldedBatchNorms: number;
  dispose(): void;
}

type Value = tf.Tensor;
type Activation = 'linear' | 'relu' | 'relu6' | 'sigmoid';
interface Step {
  inputs: number[];
  output: number;
  run: (inputs: Value[]) => Value;
}

interface ConvSpec {
  depthwise: boolean;
  strides: [number, number];
  padding: 'same' | 'valid';
  dilation: [number, number];
  activation: Activation;
  kernel: tf.Tensor4D;
  bias: tf.Tensor1D | null;
}

const pair = (v: unknown): [number, number] =>
  Array.isArray(v) ? [Number(v[0]), Number(v[1])] : [Number(v), Number(v)];

function weightsByName(layer: tf.layers.Layer): Map<string, tf.Tensor> {
  const values = layer.getWeights();
  return new Map(
    layer.weights.map((w, i) => [w.originalName.split('/').pop() ?? '', values[i]!] as const),
  );
}

function activationOf(name: unknown, maxValue?: unknown): Activation | null {
  if (name === 'relu' && (maxValue === undefined || maxValue === null)) return 'relu';
  if ((name === 'relu' && maxValue === 6) || name === 'relu6') return 'relu6';
  if (name === 'linear' || name === undefined || name === null) return 'linear';
  if (name === 'sigmoid') return 'sigmoid';
  return null;
}

/** What an Activation or ReLU layer applies; null for other layers and unknown activations. */
function activationLayerOf(layer: tf.layers.Layer | undefined): Activation | null {
  if (layer === undefined) return null;
  const config = layer.getConfig() as Record<string, unknown>;
  switch (layer.getClassName()) {
    case 'Activation':
      return activationOf(config.activation);
    case 'ReLU':
      return activationOf('relu', config.maxValue);
    default:
      return null;
  }
}

/** The activation a fused convolution can take over from the layer after it, if any. */
function fusableActivationOf(layer: tf.layers.Layer | undefined): 'relu' | 'relu6' | null {
  const act = activationLayerOf(layer);
  return act === 'relu' || act === 'relu6' ? act : null;
}

function applyActivation(x: tf.Tensor, activation: Activation): tf.Tensor {
  switch (activation) {
    case 'linear':
      return x;
    case 'relu':
      return tf.relu(x);
    case 'relu6':
      return tf.relu6(x);
    case 'sigmoid':
      return tf.sigmoid(x);
  }
}

/** Folds batch-norm (gamma, beta, mean, variance, epsilon) into a convolution's weights. */
function foldBatchNorm(conv: ConvSpec, bn: tf.layers.Layer): ConvSpec {
  const w = weightsByName(bn);
  const config = bn.getConfig() as { epsilon: number };
  const variance = w.get('moving_variance');
  const mean = w.get('moving_mean');
  if (!variance || !mean) throw new Error(`${bn.name}: batch-norm without moving statistics`);
  return tf.tidy(() => {
    const gamma = w.get('gamma') ?? tf.onesLike(mean);
    const beta = w.get('beta') ?? tf.zerosLike(mean);
    const scale = tf.div(gamma, tf.sqrt(tf.add(variance, config.epsilon)));
    const [, , ci, co] = conv.kernel.shape;
    // A depthwise kernel [kh, kw, ci, multiplier] feeds output channel ci * multiplier + m.
    const kernel = conv.depthwise
      ? tf.mul(conv.kernel, tf.reshape(scale, [1, 1, ci, co]))
      : tf.mul(conv.kernel, scale);
    const bias = tf.add(tf.mul(tf.sub(conv.bias ?? tf.zerosLike(mean), mean), scale), beta);
    return { ...conv, kernel: tf.keep(kernel as tf.Tensor4D), bias: tf.keep(bias as tf.Tensor1D) };
  });
}

function convSpec(layer: tf.layers.Layer): ConvSpec | null {
  const config = layer.getConfig() as Record<string, unknown>;
  if ((config.dataFormat ?? 'channelsLast') !== 'channelsLast') return null;
  const activation = activationOf(config.activation);
  if (activation === null || activation === 'sigmoid') return null;
  const w = weightsByName(layer);
  const kernel = (w.get('kernel') ?? w.get('depthwise_kernel')) as tf.Tensor4D | undefined;
  if (kernel === undefined) return null;
  return {
    depthwise: layer.getClassName() === 'DepthwiseConv2D',
    strides: pair(config.strides),
    padding: config.padding as 'same' | 'valid',
    dilation: pair(config.dilationRate ?? 1),
    activation,
    kernel,
    bias: (w.get('bias') as tf.Tensor1D | undefined) ?? null,
  };
}

/** activation(conv(x) + residual): one native call where the backend has the kernel. */
function runConvResidual(spec: ConvSpec, x: tf.Tensor, residual: tf.Tensor): tf.Tensor {
  if (!spec.depthwise && tf.getKernel(CONV2D_RESIDUAL, tf.getBackend()) !== undefined) {
    const inputs: tf.NamedTensorMap = { x, filter: spec.kernel, residual };
    if (spec.bias) inputs.bias = spec.bias;
    return tf.engine().runKernel(CONV2D_RESIDUAL, inputs, {
      strides: spec.strides,
      pad: spec.padding,
      dilations: spec.dilation,
      activation: spec.activation,
    }) as tf.Tensor;
  }
  const sum = tf.add(runConv({ ...spec, activation: 'linear' }, x), residual);
  return applyActivation(sum, spec.activation);
}

function runConv(spec: ConvSpec, x: tf.Tensor): tf.Tensor {
  const fusable =
    spec.activation === 'linear' || spec.activation === 'relu' || spec.activation === 'relu6';
  const args = {
    x: x as tf.Tensor4D,
    filter: spec.kernel,
    strides: spec.strides,
    pad: spec.padding,
    dilations: spec.dilation,
    bias: spec.bias ?? undefined,
    activation: fusable ? spec.activation : 'linear',
  } as const;
  const y = spec.depthwise ? tf.fused.depthwiseConv2d(args) : tf.fused.conv2d(args);
  return fusable ? y : applyActivation(y, spec.activation);
}

/**
 * Compiles `model` for inference, or returns null when it holds a layer this does not handle
 * (the caller then runs the model itself).
 */
export function compileInferencePlan(model: tf.LayersModel): InferencePlan | null {
  const ids = new Map<unknown, number>();
  const idOf = (t: unknown) => {
    if (!ids.has(t)) ids.set(t, ids.size);
    return ids.get(t)!;
  };
  const consumers = new Map<number, tf.layers.Layer[]>();
  const inputsOf = (layer: tf.layers.Layer) =>
    (Array.isArray(layer.input) ? layer.input : [layer.input]).map(idOf);
  for (const layer of model.layers) {
    if (layer.getClassName() === 'InputLayer') continue;
    for (const id of inputsOf(layer)) consumers.set(id, [...(consumers.get(id) ?? []), layer]);
  }
  /** The layer that alone reads `layer`'s output, if any (and it reads nothing else). */
  const soleConsumer = (layer: tf.layers.Layer): tf.layers.Layer | undefined => {
    const readers = consumers.get(idOf(layer.output)) ?? [];
    const only = readers.length === 1 ? readers[0] : undefined;
    return only !== undefined && inputsOf(only).length === 1 ? only : undefined;
  };
  /** The one layer reading `layer`'s output (it may read other tensors too). */
  const readerOf = (layer: tf.layers.Layer): tf.layers.Layer | undefined => {
    const readers = consumers.get(idOf(layer.output)) ?? [];
    return readers.length === 1 ? readers[0] : undefined;
  };
  // Layers folded into the convolution before them; skipped when the walk reaches them.
  const absorbed = new Set<tf.layers.Layer>();
  // Add layers whose one input is a conv (+ batch-norm) to run fused with it.
  const pendingResidual = new Map<
    tf.layers.Layer,
    { spec: ConvSpec; input: number; from: number }
  >();

  const steps: Step[] = [];
  const owned: tf.Tensor[] = [];
  let folded = 0;
  const layers = model.layers;
  for (const layer of layers) {
    if (absorbed.has(layer)) continue;
    const config = layer.getConfig() as Record<string, unknown>;
    const className = layer.getClassName();
    const inputs = inputsOf(layer);
    let output = idOf(layer.output);
    let run: Step['run'];
    switch (className) {
      case 'InputLayer':
        continue;
      case 'Conv2D':
      case 'DepthwiseConv2D': {
        let spec = convSpec(layer);
        if (spec === null) return disposeAll(owned);
        let last = layer;
        const next = soleConsumer(last);
        if (spec.activation === 'linear' && next?.getClassName() === 'BatchNormalization') {
          spec = foldBatchNorm(spec, next);
          owned.push(spec.kernel, ...(spec.bias ? [spec.bias] : []));
          folded += 1;
          absorbed.add(next);
          last = next;
        }
        const add = readerOf(last);
        if (
          spec.activation === 'linear' &&
          add?.getClassName() === 'Add' &&
          inputsOf(add).length === 2 &&
          !pendingResidual.has(add)
        ) {
          // Emitted when the walk reaches the Add: the shortcut may come later in the list.
          pendingResidual.set(add, { spec, input: inputs[0]!, from: idOf(last.output) });
          continue;
        }
        const after = soleConsumer(last);
        const fused = spec.activation === 'linear' ? fusableActivationOf(after) : null;
        if (after !== undefined && fused !== null) {
          spec = { ...spec, activation: fused };
          absorbed.add(after);
          last = after;
        }
        output = idOf(last.output);
        const fixed = spec;
        run = ([x]) => runConv(fixed, x!);
        break;
      }
      case 'BatchNormalization': {
        const w = weightsByName(layer);
        const epsilon = (config as { epsilon: number }).epsilon;
        run = ([x]) =>
          tf.batchNorm(
            x!,
            w.get('moving_mean')!,
            w.get('moving_variance')!,
            w.get('beta'),
            w.get('gamma'),
            epsilon,
          );
        break;
      }
      case 'Activation':
      case 'ReLU': {
        const act = activationLayerOf(layer);
        if (act === null) return disposeAll(owned);
        run = ([x]) => applyActivation(x!, act);
        break;
      }
      case 'Add': {
        const pending = pendingResidual.get(layer);
        if (pending === undefined) {
          run = (values) => tf.addN(values);
          break;
        }
        // conv (+ folded batch-norm) + shortcut (+ the ReLU after the Add) as one step.
        const shortcut = inputs.find((id) => id !== pending.from)!;
        let spec = pending.spec;
        const after = soleConsumer(layer);
        const fused = fusableActivationOf(after);
        if (after !== undefined && fused !== null) {
          spec = { ...spec, activation: fused };
          absorbed.add(after);
          output = idOf(after.output);
        }
        const fixed = spec;
        steps.push({
          inputs: [pending.input, shortcut],
          output,
          run: ([x, residual]) => runConvResidual(fixed, x!, residual!),
        });
        continue;
      }
      case 'MaxPooling2D':
        run = ([x]) =>
          tf.maxPool(
            x as tf.Tensor4D,
            pair(config.poolSize),
            pair(config.strides ?? config.poolSize),
            config.padding as 'same' | 'valid',
          );
        break;
      case 'GlobalAveragePooling2D':
        run = ([x]) => tf.mean(x!, [1, 2]);
        break;
      case 'Dropout':
        run = ([x]) => x!;
        break;
      case 'Dense': {
        const w = weightsByName(layer);
        const act = activationOf(config.activation);
        const kernel = w.get('kernel') as tf.Tensor2D | undefined;
        if (act === null || kernel === undefined) return disposeAll(owned);
        const bias = w.get('bias');
        run = ([x]) => applyActivation(tf.add(tf.matMul(x as tf.Tensor2D, kernel), bias ?? 0), act);
        break;
      }
      default:
        return disposeAll(owned);
    }
    steps.push({ inputs, output, run });
  }
  const inputId = idOf(model.inputs[0]);
  const outputId = idOf(model.outputs[0]);
  return {
    foldedBatchNorms: folded,
    run: (x) =>
      tf.tidy(() => {
        const values = new Map<number, Value>([[inputId, x]]);
        for (const step of steps) {
          values.set(step.output, step.run(step.inputs.map((id) => values.get(id)!)));
        }
        return values.get(outputId) as tf.Tensor2D;
      }),
    dispose: () => tf.dispose(owned),
  };
}

function disposeAll(tensors: tf.Tensor[]): null {
  tf.dispose(tensors);
  return null;
}

/**
 * What every inference path uses: the folded plan, or the model itself (in inference mode)
 * where the plan does not apply. `model.apply` rather than `model.predict`: predict first
 * copies its input into sub-batches, which cost a quarter of a 128 px ResNet batch on
 * wasm-onednn (the bench's profile) and gives nothing for one batch.
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
