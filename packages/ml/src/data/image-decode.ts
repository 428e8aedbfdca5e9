// Decodes one channel PNG to a size x size uint8 plane with sharp. Any decoder complaint
// (truncated data, bad CRC, not a PNG) becomes a DatasetError naming the file.
import { readFile } from 'node:fs/promises';
import sharp, { type OutputInfo } from 'sharp';
import type { Channel } from './classes.ts';
import { DatasetError } from './dataset-error.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

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

/** The PNG header's width, height, bit depth and colour type; null when it is not a PNG. */
function pngHeader(bytes: Buffer): { width: number; height: number; plainGray8: boolean } | null {
  if (bytes.length < 26 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return null;
  return {
    width: bytes.readUInt32BE(16),
    height: bytes.readUInt32BE(20),
    plainGray8: bytes[24] === 8 && bytes[25] === 0,
  };
}

/**
 * Three channels decoded in one libvips pipeline (joinChannel) and resized as one 3-band image,
 * the rest (yellow) on the single-channel path, then joined as bands: 3 pipelines a sample
 * instead of 4 and one 3-band resize instead of three 1-band ones (about 20% less CPU a sample,
 * issue 23). The bytes are those of the single-channel path: libvips resizes each band alike, and
 * image-decode.test.ts compares the two on synthetic and real samples. sharp joins channels
 * after its resize, hence the two steps; a 4-band image would be taken for RGBA and
 * premultiplied before resizing, hence 3 + 1. Returns null where the fast path does not apply
 * (not three plain 8-bit grayscale PNGs of one size): the caller takes the single-channel path,
 * which also names the file at fault.
 */
async function decodeGrouped(
  files: Record<Channel, string>,
  channels: readonly Channel[],
  size: number,
): Promise<Uint8Array | null> {
  const group = channels.slice(0, 3);
  const rest = channels.slice(3);
  const bytes = await Promise.all(group.map((c) => readFile(files[c])));
  const headers = bytes.map(pngHeader);
  const first = headers[0];
  const sameKind = headers.every(
    (h) => h && first && h.plainGray8 && h.width === first.width && h.height === first.height,
  );
  if (!first || !sameKind) return null;
  const [decoded, restPlanes] = await Promise.all([
    sharp(bytes[0], { failOn: 'warning' })
      .joinChannel(bytes.slice(1), { failOn: 'warning' })
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true }),
    Promise.all(rest.map((c) => decodeChannel(files[c], size))),
  ]);
  if (decoded.info.channels !== 3) return null;
  let pipeline = sharp(decoded.data, {
    raw: { width: first.width, height: first.height, channels: 3 },
  }).resize(size, size, { fit: 'fill' });
  if (restPlanes.length > 0) {
    pipeline = pipeline.joinChannel(
      restPlanes.map((p) => Buffer.from(p.buffer, p.byteOffset, p.length)),
      { raw: { width: size, height: size, channels: 1 } },
    );
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

/** Decodes the requested channels of one sample into HWC order. */
export async function decodeSampleHwc(
  files: Record<Channel, string>,
  channels: readonly Channel[],
  size: number,
  out: Uint8Array = new Uint8Array(size * size * channels.length),
): Promise<Uint8Array> {
  // Any failure on the grouped path is retried channel by channel, so that the error names the
  // file (joinChannel's message does not say which input was bad).
  const grouped =
    channels.length >= 3 ? await decodeGrouped(files, channels, size).catch(() => null) : null;
  if (!grouped) return decodeSampleHwcPerChannel(files, channels, size, out);
  out.set(grouped);
  return out;
}
