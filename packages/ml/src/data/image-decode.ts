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

/** Decodes the requested channels of one sample and interleaves them into HWC order. */
export async function decodeSampleHwc(
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
