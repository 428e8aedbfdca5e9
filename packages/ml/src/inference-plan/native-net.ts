// The plan's leading steps as one native network, for backends that register INFERENCE_NET
// (wasm-onednn): convolutions (batch-norm folded, ReLU / ReLU6 and the residual add fused),
// max-pools and the global mean run in a single call whose activations stay in oneDNN's
// blocked layout, instead of one tfjs kernel per step with NHWC tensors between them. The
// steps after (the classifier head) run in tfjs on its output.
import * as tf from '@tensorflow/tfjs';
import type { InferenceNetSpec, InferenceNetStep } from '@hpa-lab/onednn-kernels';
import { convGeometryFor } from '../backend/onednn/conv-kernels.ts';
import { poolGeometry } from '../backend/onednn/elementwise-kernels.ts';
import type { ConvSpec } from './conv-spec.ts';

type Shape3 = [number, number, number];

/** What a step computes, in the terms the native network takes; absent: tfjs only. */
export type NativeStep =
  | { kind: 'conv'; spec: ConvSpec; inputShape: Shape3 }
  | { kind: 'maxPool'; inputShape: Shape3; poolSize: number[]; strides: number[]; pad: string }
  | { kind: 'mean' };

export interface NativeStepOf {
  inputs: number[];
  output: number;
  native?: NativeStep;
}

export interface NativePrefix {
  spec: InferenceNetSpec;
  /** How many of the plan's steps the network replaces. */
  steps: number;
  /** The value it produces, and the rank tfjs's own steps give it (a mean's is 2). */
  output: number;
  rank: 2 | 4;
}

const ACTIVATION_CODES = { linear: 0, relu: 1, relu6: 2 } as const;

/** A layer input's per-image shape, or null when a dimension is unknown. */
export function imageShape(shape: readonly (number | null)[]): Shape3 | null {
  const [, h, w, c] = shape;
  return shape.length === 4 && h && w && c ? [h, w, c] : null;
}

/**
 * The longest run of leading steps the native network can take, or null when it is empty or
 * a later step reads one of its intermediate values. Filters are read (copied) here, so the
 * network is a snapshot of the weights, as the plan's folded kernels are.
 */
export function nativePrefix(
  steps: readonly NativeStepOf[],
  input: number,
  inputShape: Shape3,
  winograd = true,
): NativePrefix | null {
  const converted: InferenceNetStep[] = [];
  for (const step of steps) {
    const native = step.native === undefined ? null : toNetStep(step, step.native);
    if (native === null) break;
    converted.push(native);
  }
  if (converted.length === 0) return null;
  const last = steps[converted.length - 1]!;
  const later = new Set([last.output]);
  for (const step of steps.slice(converted.length)) {
    if (!step.inputs.every((id) => later.has(id))) return null;
    later.add(step.output);
  }
  return {
    spec: { input, inputShape, output: last.output, steps: converted, winograd },
    steps: converted.length,
    output: last.output,
    rank: last.native!.kind === 'mean' ? 2 : 4,
  };
}

function toNetStep(step: NativeStepOf, native: NativeStep): InferenceNetStep | null {
  const [input, residual] = step.inputs;
  if (native.kind === 'mean') return { kind: 'mean', input: input!, output: step.output };
  if (native.kind === 'maxPool') {
    const info = tf.backend_util.computePool2DInfo(
      [1, ...native.inputShape],
      native.poolSize as [number, number],
      native.strides as [number, number],
      1,
      native.pad as 'same' | 'valid',
    );
    return { kind: 'maxPool', input: input!, output: step.output, geometry: poolGeometry(info) };
  }
  const { spec } = native;
  if (spec.depthwise || spec.activation === 'sigmoid') return null;
  return {
    kind: 'conv',
    input: input!,
    output: step.output,
    residual: residual ?? null,
    geometry: convGeometryFor(
      [1, ...native.inputShape],
      spec.kernel.shape as [number, number, number, number],
      { strides: spec.strides, pad: spec.padding, dilations: spec.dilation },
    ),
    filter: spec.kernel.dataSync() as Float32Array,
    bias: spec.bias === null ? null : (spec.bias.dataSync() as Float32Array),
    activation: ACTIVATION_CODES[spec.activation],
  };
}
