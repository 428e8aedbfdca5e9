// A decoder for the one PNG flavour the HPA data set uses: 8-bit greyscale, not interlaced, no
// transparency or colour profile. It exists for speed (issue 23): libvips spends about as long
// setting up a pipeline as decoding a 512 px plane, while Node's own zlib inflates one in well
// under a millisecond and the scanline filters are a few loops. Every other PNG returns null, and
// the caller decodes it with sharp, which also names the file when the data is bad.
import { crc32, inflateSync } from 'node:zlib';

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
// Chunks the fast path declines: transparency makes a second band, and libvips may apply an
// embedded colour profile on load. (gAMA, which every real HPA PNG carries, libvips records and
// does not apply: png-gray8.test.ts compares the pixels on the real samples.)
const DECLINED_CHUNKS = new Set(['tRNS', 'iCCP']);

export interface Gray8Plane {
  width: number;
  height: number;
  /** width * height bytes, row-major. */
  pixels: Uint8Array;
}

/** Corrupt data in a PNG the fast path accepted; the caller re-decodes it with sharp to name it. */
export class PngDataError extends Error {}

interface Gray8Layout {
  width: number;
  height: number;
  compressed: Buffer;
}

/**
 * The header and the joined IDAT data of a plain 8-bit greyscale PNG; null for any other kind.
 * Chunk CRCs are checked (the zlib stream's own Adler-32 covers the pixels).
 */
function readLayout(bytes: Buffer): Gray8Layout | null {
  // 33 bytes: the signature and the IHDR chunk, the least a PNG can start with.
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return null;
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  let ended = false;
  while (offset + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const end = offset + 12 + length;
    if (end > bytes.length) throw new PngDataError(`chunk ${type} runs past the end of the file`);
    if (crc32(bytes.subarray(offset + 4, end - 4)) !== bytes.readUInt32BE(end - 4)) {
      throw new PngDataError(`chunk ${type} fails its CRC`);
    }
    if (type === 'IHDR') {
      width = bytes.readUInt32BE(offset + 8);
      height = bytes.readUInt32BE(offset + 12);
      const [depth, colour, compression, filter, interlace] = bytes.subarray(
        offset + 16,
        offset + 21,
      );
      if (depth !== 8 || colour !== 0 || compression !== 0 || filter !== 0 || interlace !== 0) {
        return null;
      }
    } else if (type === 'IDAT') {
      idat.push(bytes.subarray(offset + 8, end - 4));
    } else if (type === 'IEND') {
      ended = true;
      break;
    } else if (DECLINED_CHUNKS.has(type)) {
      return null;
    }
    offset = end;
  }
  if (!ended) throw new PngDataError('no IEND chunk (truncated file)');
  if (width === 0 || height === 0 || idat.length === 0) throw new PngDataError('no IHDR or IDAT');
  return { width, height, compressed: idat.length === 1 ? idat[0]! : Buffer.concat(idat) };
}

/**
 * Undoes the per-scanline filters (PNG spec 9.2) for one byte per pixel. `raw` is the inflated
 * data: each row a filter-type byte and `width` bytes. Loops are split so that the hot ones (a
 * full row with a row above) carry no bounds branches.
 */
function unfilter(raw: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const stride = width + 1;
  const zeroRow = new Uint8Array(width);
  for (let y = 0; y < height; y += 1) {
    const filter = raw[y * stride];
    const src = y * stride + 1;
    const row = y * width;
    // The row above, as a view: the first row's is all zeros, as the spec defines it.
    const up = y === 0 ? zeroRow : out.subarray(row - width, row);
    switch (filter) {
      case 0:
        out.set(raw.subarray(src, src + width), row);
        break;
      case 1: {
        let left = 0;
        for (let x = 0; x < width; x += 1) {
          left = (raw[src + x]! + left) & 255;
          out[row + x] = left;
        }
        break;
      }
      case 2:
        for (let x = 0; x < width; x += 1) out[row + x] = (raw[src + x]! + up[x]!) & 255;
        break;
      case 3: {
        let left = 0;
        for (let x = 0; x < width; x += 1) {
          left = (raw[src + x]! + ((left + up[x]!) >> 1)) & 255;
          out[row + x] = left;
        }
        break;
      }
      case 4: {
        let left = 0;
        let upLeft = 0;
        for (let x = 0; x < width; x += 1) {
          const above = up[x]!;
          const estimate = left + above - upLeft;
          const toLeft = Math.abs(estimate - left);
          const toAbove = Math.abs(estimate - above);
          const toUpLeft = Math.abs(estimate - upLeft);
          const predictor =
            toLeft <= toAbove && toLeft <= toUpLeft ? left : toAbove <= toUpLeft ? above : upLeft;
          left = (raw[src + x]! + predictor) & 255;
          out[row + x] = left;
          upLeft = above;
        }
        break;
      }
      default:
        throw new PngDataError(`row ${y} has filter type ${filter}, which PNG does not define`);
    }
  }
  return out;
}

/**
 * Decodes on the calling thread; null when the PNG is not the plain greyscale kind. (Synchronous
 * on purpose: zlib's asynchronous inflate costs about twice the CPU for a 512 px plane, and the
 * resizes that follow keep libuv's threads busy meanwhile.)
 */
export function decodePngGray8(bytes: Buffer): Gray8Plane | null {
  const layout = readLayout(bytes);
  if (!layout) return null;
  let raw: Buffer;
  try {
    raw = inflateSync(layout.compressed);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PngDataError(`image data does not inflate (${reason})`, { cause: error });
  }
  const { width, height } = layout;
  if (raw.length !== (width + 1) * height) {
    throw new PngDataError(
      `image data inflates to ${raw.length} bytes, expected ${(width + 1) * height}`,
    );
  }
  return { width, height, pixels: unfilter(raw, width, height) };
}
