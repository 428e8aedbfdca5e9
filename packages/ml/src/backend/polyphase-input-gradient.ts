// dx of a strided conv2d without multiplying zeros. Zero-dilating dy (the simple route) makes
// a stride-s input gradient cost s*s times the forward conv. Split by output phase instead:
// padded-input row s*j + r only receives filter taps r, r+s, r+2s..., so each of the s*s
// phases is a small stride-1 conv of dy with a sub-filter, and the phases interleave back.
import * as tf from '@tensorflow/tfjs';
import type { ConvGeometry } from './conv-geometry.ts';
import { padOrCropSpatial } from './conv-geometry.ts';

/** Taps r, r+s, ... of a length-k filter axis. */
function tapsOf(k: number, s: number, r: number): number[] {
  const taps: number[] = [];
  for (let t = r; t < k; t += s) taps.push(t);
  return taps;
}

export function polyphaseInputGradient(
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  g: ConvGeometry,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [kh, kw, inChannels] = filter.shape;
    const sh = g.strideHeight;
    const sw = g.strideWidth;
    const paddedHeight = g.inHeight + g.top + g.bottom;
    const paddedWidth = g.inWidth + g.left + g.right;
    const rowsPerPhase = Math.ceil(paddedHeight / sh);
    const colsPerPhase = Math.ceil(paddedWidth / sw);
    const rowPhases: tf.Tensor[] = [];
    for (let r = 0; r < sh; r++) {
      const colPhases: tf.Tensor[] = [];
      const rowTaps = tapsOf(kh, sh, r);
      for (let q = 0; q < sw; q++) {
        const colTaps = tapsOf(kw, sw, q);
        if (rowTaps.length === 0 || colTaps.length === 0) {
          colPhases.push(tf.zeros([g.batch, rowsPerPhase, colsPerPhase, inChannels]));
          continue;
        }
        // Sub-filter of this phase, flipped spatially, in/out channels swapped.
        const rows = tf.gather(filter, rowTaps.slice().reverse(), 0);
        const sub = tf.gather(rows, colTaps.slice().reverse(), 1);
        const kernel = tf.transpose(sub, [0, 1, 3, 2]) as tf.Tensor4D;
        const input = padOrCropSpatial(
          dy,
          rowTaps.length - 1,
          rowsPerPhase - g.outHeight,
          colTaps.length - 1,
          colsPerPhase - g.outWidth,
        );
        colPhases.push(tf.conv2d(input, kernel, 1, 'valid'));
      }
      rowPhases.push(tf.stack(colPhases, 3)); // [B, J, L, sw, C]
    }
    const interleaved = tf.reshape(tf.stack(rowPhases, 2), [
      g.batch,
      rowsPerPhase * sh,
      colsPerPhase * sw,
      inChannels,
    ]) as tf.Tensor4D;
    return tf.slice(
      interleaved,
      [0, g.top, g.left, 0],
      [g.batch, g.inHeight, g.inWidth, inChannels],
    );
  });
}
