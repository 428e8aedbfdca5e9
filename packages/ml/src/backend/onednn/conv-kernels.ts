// Convolutions (forward, input gradient, filter gradient) on oneDNN, the library PyTorch and
// libtensorflow use on CPUs, reading and writing the wasm heap in place.
import * as tf from '@tensorflow/tfjs';
import {
  CONV_ACTIVATIONS,
  type ConvActivation,
  type OnednnKernels,
  type PreparedFilter,
} from '@hpa-lab/onednn-kernels';
import type { FallbackKernels, KernelFunc } from './fallback.ts';
import { CONV2D_RESIDUAL } from './kernel-names.ts';
import { floatInput, wasmHeap } from './wasm-heap.ts';

type Shape4 = [number, number, number, number];

interface ConvAttrs {
  strides: number | [number, number];
  pad: 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  dataFormat?: 'NHWC' | 'NCHW';
  activation?: string;
  inputShape?: Shape4;
  filterShape?: Shape4;
}

/** The 17 numbers the addon's convolutions take (see @hpa-lab/onednn-kernels ConvGeometry). */
export function convGeometryFor(xShape: Shape4, filterShape: Shape4, attrs: ConvAttrs): number[] {
  const info = tf.backend_util.computeConv2DInfo(
    xShape,
    filterShape,
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  return [
    info.batchSize,
    info.inHeight,
    info.inWidth,
    info.inChannels,
    info.filterHeight,
    info.filterWidth,
    info.outChannels,
    info.outHeight,
    info.outWidth,
    info.strideHeight,
    info.strideWidth,
    info.dilationHeight,
    info.dilationWidth,
    info.padInfo.top,
    info.padInfo.left,
    info.padInfo.bottom,
    info.padInfo.right,
  ];
}

function outputShape(g: number[]): Shape4 {
  return [g[0]!, g[7]!, g[8]!, g[6]!];
}

/** Convolutions oneDNN runs; anything else (NCHW, prelu, elu...) goes to wasm's own kernel. */
/**
 * Filters reordered once into oneDNN's layout, for filters used again and again (inference:
 * the folded plan's kernels, a loaded model's weights). tfjs never changes a tensor's data in
 * place, and each tensor has its own `dataId` object, so the data behind a `dataId` is fixed for
 * its lifetime: a WeakMap on it is a safe cache that empties itself as tensors go. A filter is
 * prepared at its second use with the same call shape, so training, whose weights are new
 * tensors every step, never pays for it.
 */
class PreparedFilters {
  private readonly uses = new WeakMap<object, Map<string, PreparedFilter | number>>();

  constructor(private readonly addon: OnednnKernels) {}

  prepared(
    filter: tf.TensorInfo,
    g: number[],
    data: Float32Array,
    hasBias: boolean,
    activation: ConvActivation,
    hasResidual: boolean,
  ): PreparedFilter | null {
    const key = `${g.join(',')}|${hasBias}|${activation}|${hasResidual}`;
    let byShape = this.uses.get(filter.dataId);
    if (byShape === undefined) this.uses.set(filter.dataId, (byShape = new Map()));
    const entry = byShape.get(key);
    if (entry === undefined) {
      byShape.set(key, 1);
      return null;
    }
    if (typeof entry !== 'number') return entry;
    const prepared = this.addon.conv2dPrepareFilter(g, data, hasBias, activation, hasResidual);
    byShape.set(key, prepared);
    return prepared;
  }
}

export function convKernels(addon: OnednnKernels, fallback: FallbackKernels): tf.KernelConfig[] {
  const filters = new PreparedFilters(addon);
  const forward =
    (name: string): KernelFunc =>
    (args) => {
      const { inputs } = args;
      const backend = wasmHeap(args.backend);
      const attrs = args.attrs as unknown as ConvAttrs;
      const activation = attrs.activation ?? 'linear';
      const supported =
        (attrs.dataFormat ?? 'NHWC') === 'NHWC' &&
        CONV_ACTIVATIONS[activation] !== undefined &&
        inputs.preluActivationWeights === undefined &&
        (inputs.bias === undefined || inputs.bias.shape.length === 1);
      if (!supported) return fallback.call(name, args);
      const x = floatInput(inputs, 'x', name);
      const filter = floatInput(inputs, 'filter', name);
      const g = convGeometryFor(x.shape as Shape4, filter.shape as Shape4, attrs);
      const out = backend.makeOutput(outputShape(g), 'float32');
      const bias = inputs.bias === undefined ? null : floatInput(inputs, 'bias', name);
      const code = CONV_ACTIVATIONS[activation]!;
      const filterData = backend.typedArrayFromHeap(filter);
      addon.conv2dForward(
        g,
        backend.typedArrayFromHeap(x),
        filterData,
        bias && backend.typedArrayFromHeap(bias),
        code,
        backend.typedArrayFromHeap(out),
        null,
        filters.prepared(filter, g, filterData, bias !== null, code, false),
      );
      return out;
    };

  const inputGradient: KernelFunc = (args) => {
    const backend = wasmHeap(args.backend);
    const attrs = args.attrs as unknown as ConvAttrs;
    if ((attrs.dataFormat ?? 'NHWC') !== 'NHWC') return fallback.call(tf.Conv2DBackpropInput, args);
    const dy = floatInput(args.inputs, 'dy', tf.Conv2DBackpropInput);
    const filter = floatInput(args.inputs, 'filter', tf.Conv2DBackpropInput);
    if (attrs.inputShape === undefined) throw new Error('Conv2DBackpropInput: inputShape missing');
    const g = convGeometryFor(attrs.inputShape, filter.shape as Shape4, attrs);
    const dx = backend.makeOutput([...attrs.inputShape], 'float32');
    addon.conv2dBackwardData(
      g,
      backend.typedArrayFromHeap(dy),
      backend.typedArrayFromHeap(filter),
      backend.typedArrayFromHeap(dx),
    );
    return dx;
  };

  const filterGradient: KernelFunc = (args) => {
    const backend = wasmHeap(args.backend);
    const attrs = args.attrs as unknown as ConvAttrs;
    if ((attrs.dataFormat ?? 'NHWC') !== 'NHWC')
      return fallback.call(tf.Conv2DBackpropFilter, args);
    const x = floatInput(args.inputs, 'x', tf.Conv2DBackpropFilter);
    const dy = floatInput(args.inputs, 'dy', tf.Conv2DBackpropFilter);
    if (attrs.filterShape === undefined)
      throw new Error('Conv2DBackpropFilter: filterShape missing');
    const g = convGeometryFor(x.shape as Shape4, attrs.filterShape, attrs);
    const dw = backend.makeOutput([...attrs.filterShape], 'float32');
    addon.conv2dBackwardFilter(
      g,
      backend.typedArrayFromHeap(x),
      backend.typedArrayFromHeap(dy),
      backend.typedArrayFromHeap(dw),
    );
    return dw;
  };

  // Inference only (no gradient): activation(conv(x) + bias + residual) in one call, for a
  // ResNet block's "add the shortcut, then ReLU" (src/inference-plan/).
  const residualForward: KernelFunc = (args) => {
    const name = CONV2D_RESIDUAL;
    const backend = wasmHeap(args.backend);
    const attrs = args.attrs as unknown as ConvAttrs;
    const x = floatInput(args.inputs, 'x', name);
    const filter = floatInput(args.inputs, 'filter', name);
    const residual = floatInput(args.inputs, 'residual', name);
    const g = convGeometryFor(x.shape as Shape4, filter.shape as Shape4, attrs);
    const shape = outputShape(g);
    if (residual.shape.join() !== shape.join()) {
      throw new Error(`${name}: residual is [${residual.shape}], the output is [${shape}]`);
    }
    const activation = CONV_ACTIVATIONS[attrs.activation ?? 'linear'];
    if (activation === undefined) throw new Error(`${name}: activation ${attrs.activation}`);
    const out = backend.makeOutput(shape, 'float32');
    const bias = args.inputs.bias === undefined ? null : floatInput(args.inputs, 'bias', name);
    const filterData = backend.typedArrayFromHeap(filter);
    addon.conv2dForward(
      g,
      backend.typedArrayFromHeap(x),
      filterData,
      bias && backend.typedArrayFromHeap(bias),
      activation,
      backend.typedArrayFromHeap(out),
      backend.typedArrayFromHeap(residual),
      filters.prepared(filter, g, filterData, bias !== null, activation, true),
    );
    return out;
  };

  return [
    { kernelName: CONV2D_RESIDUAL, backendName: 'wasm', kernelFunc: residualForward },
    { kernelName: tf.Conv2D, backendName: 'wasm', kernelFunc: forward(tf.Conv2D) },
    { kernelName: tf.FusedConv2D, backendName: 'wasm', kernelFunc: forward(tf.FusedConv2D) },
    { kernelName: tf.Conv2DBackpropInput, backendName: 'wasm', kernelFunc: inputGradient },
    { kernelName: tf.Conv2DBackpropFilter, backendName: 'wasm', kernelFunc: filterGradient },
  ];
}
