// The convolution gradient kernels the wasm backend lacks (or ships slowly), written with ops
// that wasm runs on XNNPACK. Ops called inside a kernel are not recorded on the gradient tape,
// and a Tensor returned from a kernel is adopted by the engine as the kernel's output.
import * as tf from '@tensorflow/tfjs';
import type { PadAttr } from './conv-geometry.ts';
import { convGeometry, padOrCropSpatial, zeroDilate } from './conv-geometry.ts';
import { polyphaseInputGradient } from './polyphase-input-gradient.ts';

type Shape4 = [number, number, number, number];
type RoundingMode = 'floor' | 'round' | 'ceil' | undefined;

interface ConvAttrs {
  strides: number | [number, number];
  pad: PadAttr;
  dimRoundingMode?: RoundingMode;
  dilations?: number | [number, number];
}

/** dW of conv2d: a conv of the (transposed) input with dy as filter, dilated by the stride. */
export function conv2dFilterGradient(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: Shape4,
  attrs: ConvAttrs,
): tf.Tensor4D {
  return tf.tidy(() => {
    const g = convGeometry(
      x.shape,
      filterShape,
      attrs.strides,
      attrs.pad,
      1,
      attrs.dimRoundingMode,
      false,
    );
    const xPad = padOrCropSpatial(x, g.top, g.bottom, g.left, g.right);
    // Channels become the batch and the batch becomes the reduced input-channel axis.
    const xT = tf.transpose(xPad, [3, 1, 2, 0]);
    const dyT = tf.transpose(dy, [1, 2, 0, 3]);
    const full = tf.conv2d(xT, dyT, 1, 'valid', 'NHWC', [g.strideHeight, g.strideWidth]);
    const [kh, kw, ci, co] = filterShape;
    return tf.transpose(tf.slice(full, [0, 0, 0, 0], [ci, kh, kw, co]), [1, 2, 0, 3]);
  });
}

/** Spatial pads that turn a stride-1 conv over zero-dilated dy into exactly dx's extent. */
function inputGradientPads(g: ReturnType<typeof convGeometry>) {
  const dilatedHeight = (g.outHeight - 1) * g.strideHeight + 1;
  const dilatedWidth = (g.outWidth - 1) * g.strideWidth + 1;
  const effectiveHeight = (g.filterHeight - 1) * g.dilationHeight + 1;
  const effectiveWidth = (g.filterWidth - 1) * g.dilationWidth + 1;
  return {
    top: effectiveHeight - 1 - g.top,
    bottom: g.inHeight - dilatedHeight + g.top,
    left: effectiveWidth - 1 - g.left,
    right: g.inWidth - dilatedWidth + g.left,
  };
}

/**
 * dx of conv2d as a forward conv (dy, spatially flipped filter with in/out swapped; strided
 * convs go phase by phase): wasm's own Conv2DBackpropInput is a naive loop about 10x slower.
 */
export function conv2dInputGradient(
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  inputShape: Shape4,
  attrs: ConvAttrs,
): tf.Tensor4D {
  return tf.tidy(() => {
    const g = convGeometry(
      inputShape,
      filter.shape,
      attrs.strides,
      attrs.pad,
      1,
      attrs.dimRoundingMode,
      false,
    );
    if (g.strideHeight > 1 || g.strideWidth > 1) return polyphaseInputGradient(dy, filter, g);
    const p = inputGradientPads(g);
    const dyPadded = padOrCropSpatial(dy, p.top, p.bottom, p.left, p.right);
    const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]);
    return tf.conv2d(dyPadded, flipped, 1, 'valid');
  });
}

/** dW of a depthwise conv: one strided window product per filter tap, reduced over batch and space. */
export function depthwiseFilterGradient(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: Shape4,
  attrs: ConvAttrs,
): tf.Tensor4D {
  return tf.tidy(() => {
    const g = convGeometry(
      x.shape,
      filterShape,
      attrs.strides,
      attrs.pad,
      attrs.dilations ?? 1,
      attrs.dimRoundingMode,
      true,
    );
    const [kh, kw, ci, multiplier] = filterShape;
    const xPad = padOrCropSpatial(x, g.top, g.bottom, g.left, g.right);
    const dyByChannel = tf.reshape(dy, [g.batch, g.outHeight, g.outWidth, ci, multiplier]);
    const taps: tf.Tensor[] = [];
    for (let r = 0; r < kh; r++) {
      for (let c = 0; c < kw; c++) {
        const top = r * g.dilationHeight;
        const left = c * g.dilationWidth;
        const window = tf.stridedSlice(
          xPad,
          [0, top, left, 0],
          [
            g.batch,
            top + (g.outHeight - 1) * g.strideHeight + 1,
            left + (g.outWidth - 1) * g.strideWidth + 1,
            ci,
          ],
          [1, g.strideHeight, g.strideWidth, 1],
        );
        taps.push(tf.sum(tf.mul(tf.expandDims(window, 4), dyByChannel), [0, 1, 2]));
      }
    }
    return tf.reshape(tf.stack(taps), filterShape);
  });
}

/** dx of a depthwise conv: a depthwise conv of zero-dilated dy with the flipped filter. */
export function depthwiseInputGradient(
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  inputShape: Shape4,
  attrs: ConvAttrs,
): tf.Tensor4D {
  return tf.tidy(() => {
    const dilations = attrs.dilations ?? 1;
    const g = convGeometry(
      inputShape,
      filter.shape,
      attrs.strides,
      attrs.pad,
      dilations,
      attrs.dimRoundingMode,
      true,
    );
    const [kh, kw, ci, multiplier] = filter.shape;
    const p = inputGradientPads(g);
    const dyPadded = padOrCropSpatial(
      zeroDilate(dy, g.strideHeight, g.strideWidth),
      p.top,
      p.bottom,
      p.left,
      p.right,
    );
    // Every (channel, multiplier) pair is its own output channel of dy: convolve each with its
    // own flipped tap, then fold the multiplier back into the input channel.
    const flipped = tf.reshape(tf.reverse(filter, [0, 1]), [
      kh,
      kw,
      ci * multiplier,
      1,
    ]) as tf.Tensor4D;
    const perOutput = tf.depthwiseConv2d(dyPadded, flipped, 1, 'valid', 'NHWC', [
      g.dilationHeight,
      g.dilationWidth,
    ]);
    if (multiplier === 1) return perOutput;
    const [n, h, w] = perOutput.shape;
    return tf.sum(tf.reshape(perOutput, [n, h, w, ci, multiplier]), 4) as tf.Tensor4D;
  });
}
