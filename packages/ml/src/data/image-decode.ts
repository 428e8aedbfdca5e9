// Decodes one channel PNG to a size x size uint8 plane with sharp. Any decoder complaint
// (truncated data, bad CRC, not a PNG) becomes a DatasetError naming the file.
import sharp, { type OutputInfo } from 'sharp';
import type { Channel } from './classes.ts';
import { DatasetError } from './dataset-error.ts';

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
    throw new DatasetError(
      { file, code: 'unreadable-image', problem: `cannot decode PNG (${reason})` },
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
