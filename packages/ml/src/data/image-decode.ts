// Decodes a sample's channel PNGs into one size x size HWC uint8 image: the fast path
// (png-gray8.ts + two sharp resizes) where it applies, else each channel with sharp, whose
// complaints (truncated data, bad CRC, not a PNG) become a DatasetError naming the file.
import { readFile } from 'node:fs/promises';
import sharp, { type OutputInfo } from 'sharp';
import type { Channel } from './classes.ts';
import { DatasetError } from './dataset-error.ts';
import { PNG_SIGNATURE } from './png-gray8.ts';
import { readSamplePlanes, type SamplePlanes } from './sample-planes.ts';

/** libpng only says "read error"; name the usual causes so the user knows what to fix. */
async function diagnosePng(file: string): Promise<string> {
  const bytes = await readFile(file).catch(() => null);
  if (!bytes) return 'file cannot be read';
  if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'not a PNG file (bad signature)';
  if (bytes.lastIndexOf('IEND') < 0)
    return `file is truncated (${bytes.length} bytes, no IEND chunk)`;
  return 'corrupt PNG data';
}

export async function decodeChannel(file: string, size: number): Promise<Uint8Array> {
  let output: { data: Buffer; info: OutputInfo };
  try {
    output = await sharp(file, { failOn: 'warning' })
      .resize(size, size, { fit: 'fill' })
      // Without b-w, sharp hands back 3 channels for some grayscale PNGs.
      .toColourspace('b-w')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    const diagnosis = await diagnosePng(file);
    throw new DatasetError(
      { file, code: 'unreadable-image', problem: `cannot decode PNG: ${diagnosis} (${reason})` },
      { cause: error },
    );
  }
  const { data, info } = output;
  if (info.channels !== 1 || data.length !== size * size) {
    throw new DatasetError({
      file,
      code: 'unreadable-image',
      problem: `decoded to ${info.width}x${info.height}x${info.channels}, expected ${size}x${size}x1`,
    });
  }
  return new Uint8Array(data.buffer, data.byteOffset, data.length);
}

const resizeRaw = (pixels: Uint8Array, width: number, height: number, bands: 1 | 3, size: number) =>
  sharp(pixels, { raw: { width, height, channels: bands } }).resize(size, size, { fit: 'fill' });

/** Whether decodeSampleHwc takes the fast path, and so reads planes, for these channels. */
export const decodesFromPlanes = (channels: readonly Channel[]): boolean => channels.length >= 3;

/** Reads and decodes a sample's PNGs (in channel order) on some thread. */
export type PlaneReader = (files: string[]) => Promise<SamplePlanes | null>;

/**
 * The fast path (issue 23): the PNGs decoded by png-gray8.ts (Node's zlib, no libvips pipeline
 * per file; on decode workers where buildCache starts them), then two sharp pipelines a sample
 * instead of four: the first three channels resized as one 3-band image, with the fourth, resized
 * alone, joined as a band. sharp joins channels after its resize, hence the two; a 4-band image
 * would be taken for RGBA and premultiplied before resizing, hence 3 + 1. libvips resizes each
 * band alike, so the bytes are those of the single-channel path (image-decode.test.ts compares
 * them on synthetic and real samples). Returns null where it does not apply (a PNG of another
 * kind, channels of different sizes, fewer than three channels); the caller then takes the
 * single-channel path, which also names a bad file.
 */
async function decodeFromPlanes(
  files: Record<Channel, string>,
  channels: readonly Channel[],
  size: number,
  readPlanes: PlaneReader,
): Promise<Uint8Array | null> {
  if (!decodesFromPlanes(channels)) return null;
  const planes = await readPlanes(channels.map((c) => files[c]));
  if (!planes) return null;
  const { width, height } = planes;
  const rest = await Promise.all(
    // b-w: a 1-band raw image would otherwise come out as 3-band sRGB.
    planes.rest.map((p) =>
      resizeRaw(p, width, height, 1, size).toColourspace('b-w').raw().toBuffer(),
    ),
  );
  let pipeline = resizeRaw(planes.group, width, height, 3, size);
  if (rest.length > 0) {
    pipeline = pipeline.joinChannel(rest, { raw: { width: size, height: size, channels: 1 } });
  }
  const { data, info } = await pipeline
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== channels.length || data.length !== size * size * channels.length) {
    return null;
  }
  return new Uint8Array(data.buffer, data.byteOffset, data.length);
}

/** Decodes each channel alone and interleaves them into HWC order (the reference path). */
export async function decodeSampleHwcPerChannel(
  files: Record<Channel, string>,
  channels: readonly Channel[],
  size: number,
  out: Uint8Array = new Uint8Array(size * size * channels.length),
): Promise<Uint8Array> {
  const planes = await Promise.all(channels.map((c) => decodeChannel(files[c], size)));
  const depth = channels.length;
  for (let c = 0; c < depth; c += 1) {
    const plane = planes[c] as Uint8Array;
    for (let p = 0, o = c; p < plane.length; p += 1, o += depth) out[o] = plane[p] as number;
  }
  return out;
}

/**
 * Decodes the requested channels of one sample into HWC order. `readPlanes` decodes the PNGs on
 * the calling thread unless given (buildCache passes its decode workers).
 */
export async function decodeSampleHwc(
  files: Record<Channel, string>,
  channels: readonly Channel[],
  size: number,
  out: Uint8Array = new Uint8Array(size * size * channels.length),
  readPlanes: PlaneReader = readSamplePlanes,
): Promise<Uint8Array> {
  // Any failure on the fast path is retried channel by channel, so that the error names the file
  // and says what is wrong with it in libvips's words.
  const fast = await decodeFromPlanes(files, channels, size, readPlanes).catch(() => null);
  if (!fast) return decodeSampleHwcPerChannel(files, channels, size, out);
  out.set(fast);
  return out;
}
