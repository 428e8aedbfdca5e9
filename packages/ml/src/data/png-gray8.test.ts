// The fast greyscale PNG decoder must give libvips's pixels for every scanline filter, decline
// every PNG it does not cover (so the caller uses sharp), and refuse corrupt data rather than
// return wrong pixels. The PNGs with chosen filters are written here byte by byte (a filter
// per row, deflated with Node's zlib), so each filter type is certainly exercised.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodePngGray8, PngDataError } from './png-gray8.ts';
import { REAL_SAMPLE_DIR, sharedDataTestsRun } from './test-fixtures.ts';

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** An 8-bit greyscale PNG of `pixels`, row y filtered with filters[y % filters.length]. */
function encodeGray8(
  pixels: Uint8Array,
  width: number,
  height: number,
  filters: number[],
  extraChunks: Buffer[] = [],
): Buffer {
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y += 1) {
    const filter = filters[y % filters.length]!;
    raw[y * (width + 1)] = filter;
    for (let x = 0; x < width; x += 1) {
      const value = pixels[y * width + x]!;
      const left = x > 0 ? pixels[y * width + x - 1]! : 0;
      const up = y > 0 ? pixels[(y - 1) * width + x]! : 0;
      const upLeft = x > 0 && y > 0 ? pixels[(y - 1) * width + x - 1]! : 0;
      const predicted = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter]!;
      raw[y * (width + 1) + 1 + x] = (value - predicted) & 255;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    ...extraChunks,
    // Two IDAT chunks: decoders must join them.
    chunk('IDAT', deflateSync(raw).subarray(0, 10)),
    chunk('IDAT', deflateSync(raw).subarray(10)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function noise(width: number, height: number, seed: number): Uint8Array {
  const out = new Uint8Array(width * height);
  let state = seed;
  for (let i = 0; i < out.length; i += 1) {
    state = (state * 1103515245 + 12345) >>> 0;
    // Smooth plus noise, so that every predictor is sometimes right and sometimes wrong.
    out[i] = (((i % width) * 3 + Math.floor(i / width) * 2) & 255) ^ (state >>> 29);
  }
  return out;
}

async function libvipsPixels(png: Buffer): Promise<Buffer> {
  return sharp(png).toColourspace('b-w').raw().toBuffer();
}

describe('decodePngGray8', () => {
  const [width, height] = [37, 23];
  const pixels = noise(width, height, 7);

  it.each([
    ['None', [0]],
    ['Sub', [1]],
    ['Up', [2]],
    ['Average', [3]],
    ['Paeth', [4]],
    ['all five, row by row', [0, 1, 2, 3, 4]],
  ])('gives the pixels and libvips’s decode for filter %s', async (_name, filters) => {
    const png = encodeGray8(pixels, width, height, filters);
    const decoded = decodePngGray8(png);
    expect(decoded).toMatchObject({ width, height });
    expect(Buffer.from(decoded!.pixels).equals(Buffer.from(pixels))).toBe(true);
    expect(Buffer.from(decoded!.pixels).equals(await libvipsPixels(png))).toBe(true);
  });

  it('gives libvips’s pixels for the PNGs sharp writes with adaptive filtering', async () => {
    const png = await sharp(Buffer.from(noise(64, 48, 3)), {
      raw: { width: 64, height: 48, channels: 1 },
    })
      .toColourspace('b-w')
      .png({ adaptiveFiltering: true, compressionLevel: 9 })
      .toBuffer();
    const decoded = decodePngGray8(png);
    expect(decoded).not.toBeNull();
    expect(Buffer.from(decoded!.pixels).equals(await libvipsPixels(png))).toBe(true);
  });

  it.skipIf(!sharedDataTestsRun())('gives libvips’s pixels for the real HPA PNGs', async () => {
    const dir = join(REAL_SAMPLE_DIR, 'train');
    const files = readdirSync(dir).filter((f) => f.endsWith('.png'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const png = readFileSync(join(dir, file));
      const decoded = decodePngGray8(png);
      expect(decoded, file).not.toBeNull();
      expect(Buffer.from(decoded!.pixels).equals(await libvipsPixels(png)), file).toBe(true);
    }
  });

  it('declines the PNGs it does not cover: colour, 16-bit, interlaced, transparency', async () => {
    const grey = Buffer.from(noise(16, 16, 1));
    const raw = (channels: 1 | 3) => ({ raw: { width: 16, height: 16, channels } });
    const colour = await sharp(Buffer.concat([grey, grey, grey]), raw(3))
      .png()
      .toBuffer();
    const sixteenBit = await sharp(grey, raw(1)).toColourspace('grey16').png().toBuffer();
    const interlaced = await sharp(grey, raw(1))
      .toColourspace('b-w')
      .png({ progressive: true })
      .toBuffer();
    const transparent = encodeGray8(grey, 16, 16, [0], [chunk('tRNS', Buffer.from([0, 5]))]);
    for (const png of [colour, sixteenBit, interlaced, transparent]) {
      expect(decodePngGray8(png)).toBeNull();
    }
    expect(decodePngGray8(Buffer.from('not a png at all, just some text'))).toBeNull();
  });

  it('refuses corrupt data instead of returning wrong pixels', async () => {
    const png = encodeGray8(pixels, width, height, [4]);
    const idat = png.indexOf('IDAT', 0, 'latin1');
    const flipped = Buffer.from(png);
    flipped[idat + 6] = flipped[idat + 6]! ^ 0x10;
    expect(() => decodePngGray8(flipped)).toThrow(PngDataError);
    expect(() => decodePngGray8(flipped)).toThrow(/chunk IDAT fails its CRC/);
    const truncated = png.subarray(0, png.length - 20);
    expect(() => decodePngGray8(truncated)).toThrow(/chunk IDAT runs past the end of the file/);
    expect(() => decodePngGray8(png.subarray(0, png.length - 12))).toThrow(/no IEND chunk/);

    // A filter type PNG does not define, in data whose CRCs and checksum are all right.
    const bad = encodeGray8(pixels, width, height, [0]);
    const raw = Buffer.alloc((width + 1) * height);
    raw[(width + 1) * 5] = 9;
    const header = bad.subarray(8, 8 + 25);
    const badFilter = Buffer.concat([
      bad.subarray(0, 8),
      header,
      chunk('IDAT', deflateSync(raw)),
      chunk('IEND', Buffer.alloc(0)),
    ]);
    expect(() => decodePngGray8(badFilter)).toThrow(/row 5 has filter type 9/);

    // Too little data for the header's size.
    const short = Buffer.concat([
      bad.subarray(0, 8),
      header,
      chunk('IDAT', deflateSync(raw.subarray(0, 100))),
      chunk('IEND', Buffer.alloc(0)),
    ]);
    expect(() => decodePngGray8(short)).toThrow(/inflates to 100 bytes, expected 874/);
  });
});
