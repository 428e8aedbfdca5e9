// Shared geometry for the gradient kernels: the padded input and the extent a strided,
// dilated window touches. tfjs-core's computeConv2DInfo resolves 'same'/'valid'/explicit pads
// exactly as the forward kernel did, so the gradients see the same padding.
import * as tf from '@tensorflow/tfjs';

export type PadAttr = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;

export interface ConvGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  filterHeight: number;
  filterWidth: number;
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export function convGeometry(
  inputShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  strides: number | [number, number],
  pad: PadAttr,
  dilations: number | [number, number],
  dimRoundingMode: 'floor' | 'round' | 'ceil' | undefined,
  depthwise: boolean,
): ConvGeometry {
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    filterShape,
    strides,
    dilations,
    pad,
    dimRoundingMode,
    depthwise,
    'channelsLast',
  );
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    dilationHeight: info.dilationHeight,
    dilationWidth: info.dilationWidth,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    top: info.padInfo.top,
    bottom: info.padInfo.bottom,
    left: info.padInfo.left,
    right: info.padInfo.right,
  };
}

/** Pads (positive amounts) or crops (negative amounts) the two spatial axes of an NHWC tensor. */
export function padOrCropSpatial(
  x: tf.Tensor4D,
  top: number,
  bottom: number,
  left: number,
  right: number,
): tf.Tensor4D {
  let out = x;
  const cropTop = Math.max(0, -top);
  const cropBottom = Math.max(0, -bottom);
  const cropLeft = Math.max(0, -left);
  const cropRight = Math.max(0, -right);
  if (cropTop + cropBottom + cropLeft + cropRight > 0) {
    const [n, h, w, c] = out.shape;
    out = tf.slice(
      out,
      [0, cropTop, cropLeft, 0],
      [n, h - cropTop - cropBottom, w - cropLeft - cropRight, c],
    );
  }
  const padTop = Math.max(0, top);
  const padBottom = Math.max(0, bottom);
  const padLeft = Math.max(0, left);
  const padRight = Math.max(0, right);
  if (padTop + padBottom + padLeft + padRight > 0) {
    out = tf.pad(out, [
      [0, 0],
      [padTop, padBottom],
      [padLeft, padRight],
      [0, 0],
    ]);
  }
  return out;
}

/**
 * Inserts (stride - 1) zeros between neighbouring pixels, so that a stride-1 convolution over
 * the result computes the input gradient of a strided convolution.
 */
export function zeroDilate(
  dy: tf.Tensor4D,
  strideHeight: number,
  strideWidth: number,
): tf.Tensor4D {
  if (strideHeight === 1 && strideWidth === 1) return dy;
  const [n, h, w, c] = dy.shape;
  const spread = tf.pad(tf.reshape(dy, [n * h, 1, w, 1, c]), [
    [0, 0],
    [0, strideHeight - 1],
    [0, 0],
    [0, strideWidth - 1],
    [0, 0],
  ]);
  const full = tf.reshape(spread, [n, h * strideHeight, w * strideWidth, c]) as tf.Tensor4D;
  return tf.slice(
    full,
    [0, 0, 0, 0],
    [n, (h - 1) * strideHeight + 1, (w - 1) * strideWidth + 1, c],
  );
}
