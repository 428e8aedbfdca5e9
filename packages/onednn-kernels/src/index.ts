// Loads the oneDNN addon built at install time (scripts/build-addon.mjs). Callers treat a
// failed load as "not available here" and use plain wasm; the error says why.
import { createRequire } from 'node:module';
import { ADDON_PATH, addonState, BUILD_COMMAND } from '../scripts/addon-state.mjs';

/**
 * One convolution's geometry, in this order: batch, inHeight, inWidth, inChannels,
 * filterHeight, filterWidth, outChannels, outHeight, outWidth, strideHeight, strideWidth,
 * dilationHeight, dilationWidth (1 = none), padTop, padLeft, padBottom, padRight.
 * Activations are NHWC and filters HWIO (TensorFlow's layouts).
 */
export type ConvGeometry = readonly number[];

/** What conv2dForward applies to its output, fused: 0 nothing, 1 ReLU, 2 ReLU6. */
export type ConvActivation = 0 | 1 | 2;

export const CONV_ACTIVATIONS: Record<string, ConvActivation> = { linear: 0, relu: 1, relu6: 2 };

export type ConvPrecision = 'float32' | 'bfloat16';

/** An opaque native handle (oneDNN memory), freed when it is garbage-collected. */
export type PreparedFilter = { readonly __preparedFilter: unique symbol };

/** One step of an inference network (inferenceNetCreate). Values are numbered by the caller. */
export type InferenceNetStep =
  | {
      kind: 'conv';
      input: number;
      output: number;
      /** A value of the output's shape added before the activation (a residual shortcut). */
      residual?: number | null;
      /** As conv2dForward's; its batch is ignored (each run brings its own). */
      geometry: ConvGeometry;
      /** HWIO, copied: the caller may drop it afterwards. */
      filter: Float32Array;
      bias: Float32Array | null;
      activation: ConvActivation;
    }
  | {
      kind: 'maxPool';
      input: number;
      output: number;
      /** As maxPool's; its batch is ignored. */
      geometry: readonly number[];
    }
  /** The mean over height and width: [h, w, c] to [1, 1, c]. */
  | { kind: 'mean'; input: number; output: number };

export interface InferenceNetSpec {
  input: number;
  /** One image: height, width, channels. */
  inputShape: readonly [number, number, number];
  output: number;
  steps: readonly InferenceNetStep[];
  /**
   * Run 3x3 stride-1 convolutions as Winograd where oneDNN has it (AVX-512), default true;
   * false: direct convolutions only.
   */
  winograd?: boolean;
}

/** An opaque native network (inferenceNetCreate), freed when it is garbage-collected. */
export type InferenceNet = { readonly __inferenceNet: unique symbol };

export interface OnednnKernels {
  conv2dForward(
    geometry: ConvGeometry,
    x: Float32Array,
    filter: Float32Array,
    bias: Float32Array | null,
    activation: ConvActivation,
    out: Float32Array,
    /** Added to the convolution before the activation (a residual shortcut), same shape as out. */
    residual?: Float32Array | null,
    /** The filter already in oneDNN's layout (conv2dPrepareFilter); `filter` is then not read. */
    prepared?: PreparedFilter | null,
  ): void;
  /** Reorders a filter used many times (inference) once, for conv2dForward's `prepared`. */
  conv2dPrepareFilter(
    geometry: ConvGeometry,
    filter: Float32Array,
    hasBias: boolean,
    activation: ConvActivation,
    hasResidual: boolean,
  ): PreparedFilter;
  conv2dBackwardData(
    geometry: ConvGeometry,
    dy: Float32Array,
    filter: Float32Array,
    dx: Float32Array,
  ): void;
  conv2dBackwardFilter(
    geometry: ConvGeometry,
    x: Float32Array,
    dy: Float32Array,
    dw: Float32Array,
  ): void;
  batchNormInference(
    rows: number,
    channels: number,
    x: Float32Array,
    mean: Float32Array,
    variance: Float32Array,
    offset: Float32Array | null,
    scale: Float32Array | null,
    epsilon: number,
    relu: boolean,
    out: Float32Array,
  ): void;
  /** Normalizes with the batch's own moments and writes them (population variance). */
  batchNormTraining(
    rows: number,
    channels: number,
    x: Float32Array,
    scale: Float32Array | null,
    offset: Float32Array | null,
    epsilon: number,
    out: Float32Array,
    mean: Float32Array,
    variance: Float32Array,
    /** Apply a ReLU to `out` (a ReLU fused after the batch-norm). */
    relu?: boolean,
  ): void;
  batchNormTrainingGradient(
    rows: number,
    channels: number,
    dy: Float32Array,
    x: Float32Array,
    scale: Float32Array | null,
    mean: Float32Array,
    variance: Float32Array,
    epsilon: number,
    dx: Float32Array,
    dscale: Float32Array,
    doffset: Float32Array,
    /** With a fused ReLU: its output. dy is then taken at the ReLU's output and masked by
     *  reluOutput > 0 (ReLU's backward) in the same passes. */
    reluOutput?: Float32Array | null,
  ): void;
  relu(size: number, x: Float32Array, out: Float32Array): void;
  /** Max-pool forward; geometry as for maxPoolGradient. */
  maxPool(geometry: readonly number[], x: Float32Array, y: Float32Array): void;
  /** geometry: batch, inHeight, inWidth, channels, outHeight, outWidth, filterHeight,
   *  filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, padTop, padLeft. */
  maxPoolGradient(
    geometry: readonly number[],
    x: Float32Array,
    dy: Float32Array,
    dx: Float32Array,
    /** The forward output, when the caller has it: saves recomputing each window's maximum. */
    y?: Float32Array | null,
  ): void;
  /** dx = dy where x > 0, else 0: ReLU's gradient in one pass (x is ReLU's input). */
  reluGradient(size: number, dy: Float32Array, x: Float32Array, dx: Float32Array): void;
  /** step: learningRate, beta1, beta2, epsilon, 1 - beta1^t, 1 - beta2^t (tfjs's AdamOptimizer). */
  adamUpdate(
    size: number,
    value: Float32Array,
    m: Float32Array,
    v: Float32Array,
    gradient: Float32Array,
    step: readonly number[],
    newValue: Float32Array,
    newM: Float32Array,
    newV: Float32Array,
  ): void;
  /**
   * A whole network run natively: activations stay in oneDNN's blocked layout between steps
   * and each batch is one call. Throws naming the step and field of a spec that does not chain.
   */
  inferenceNetCreate(spec: InferenceNetSpec): InferenceNet;
  /** Per image, NHWC without the batch. */
  inferenceNetShapes(net: InferenceNet): { input: number[]; output: number[] };
  /** x: `batch` images NHWC; out: `batch` outputs NHWC. */
  inferenceNetRun(net: InferenceNet, batch: number, x: Float32Array, out: Float32Array): void;
  info(): {
    version: string;
    threads: number;
    /** oneDNN runs native bfloat16 here (the CPU's avx512_bf16 flag). */
    bf16: boolean;
    /** What the convolutions compute in now (setConvPrecision). */
    convPrecision: ConvPrecision;
  };
  /**
   * What the convolution calls that follow compute in, process-wide: 'bfloat16' reads
   * bfloat16 copies of the inputs, filters and gradients and accumulates and writes float32
   * (weights and everything else stay float32). Throws, naming the avx512_bf16 CPU flag, where
   * the CPU has no native bfloat16. The inference network stays float32.
   */
  setConvPrecision(precision: ConvPrecision): void;
  setThreads(threads: number): void;
}

export const addonPath = ADDON_PATH;

let loaded: OnednnKernels | undefined;

/** The addon, or an Error that says why it cannot be used here. */
export function loadOnednnKernels(): OnednnKernels {
  if (loaded) return loaded;
  const state = addonState();
  if (!state.built) {
    throw new Error(
      `the oneDNN addon is not built (${addonPath} is missing: ${state.reason}); ` +
        `build it with \`${BUILD_COMMAND}\``,
    );
  }
  loaded = createRequire(import.meta.url)(addonPath) as OnednnKernels;
  return loaded;
}
