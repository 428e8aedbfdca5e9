// Renders docs/synthetic-vs-real.png: the five real HPA samples (../shared/data/hpa-sample) on
// top, then one synthetic sample per class, each as a colour composite (red = microtubules,
// green = protein, blue = nucleus, yellow added to red + green) beside its green channel.
//
//   npx tsx scripts/render-montage.ts [--size 256] [--tile 200] [--seed 7] [--out docs/x.png]
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { CLASS_NAMES, type Channel } from '../src/data/classes.ts';
import { decodeChannel } from '../src/data/image-decode.ts';
import { parseTrainCsv } from '../src/data/label-csv.ts';
import { createRng } from '../src/data/random.ts';
import { renderSample } from '../src/data/synthetic/render-sample.ts';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '256' },
    tile: { type: 'string', default: '200' },
    seed: { type: 'string', default: '7' },
    classes: { type: 'string' },
    out: { type: 'string', default: join(here, '../docs/synthetic-vs-real.png') },
    real: { type: 'string', default: join(here, '../../../../shared/data/hpa-sample') },
  },
});
const size = Number(values.size);
const tile = Number(values.tile);
const perRow = 10;
const labelHeight = 18;

type Planes = Record<Channel, Uint8Array>;

function composite(planes: Planes, n: number): Buffer {
  const rgb = Buffer.alloc(n * n * 3);
  for (let p = 0; p < n * n; p += 1) {
    const y = (planes.yellow[p] as number) * 0.5;
    rgb[p * 3] = Math.min(255, (planes.red[p] as number) + y);
    rgb[p * 3 + 1] = Math.min(255, (planes.green[p] as number) + y * 0.6);
    rgb[p * 3 + 2] = planes.blue[p] as number;
  }
  return rgb;
}

async function tilesFor(planes: Planes, n: number, caption: string): Promise<Buffer[]> {
  const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const make = async (raw: Buffer, channels: 1 | 3, text: string) => {
    const image = await sharp(raw, { raw: { width: n, height: n, channels } })
      .resize(tile, tile)
      .toColourspace('srgb')
      .png()
      .toBuffer();
    const svg = `<svg width="${tile}" height="${tile + labelHeight}"><rect width="100%" height="100%" fill="#111"/><text x="4" y="${tile + 13}" font-family="sans-serif" font-size="12" fill="#eee">${escape(text)}</text></svg>`;
    return sharp(Buffer.from(svg))
      .composite([{ input: image, top: 0, left: 0 }])
      .removeAlpha()
      .raw()
      .toBuffer();
  };
  return [
    await make(composite(planes, n), 3, caption),
    await make(Buffer.from(planes.green), 1, 'green'),
  ];
}

const tiles: Buffer[] = [];
const realDir = values.real;
const rows = parseTrainCsv(readFileSync(join(realDir, 'train.csv'), 'utf8'), 'train.csv');
for (const row of rows) {
  const planes = {} as Planes;
  for (const c of ['red', 'green', 'blue', 'yellow'] as const) {
    planes[c] = await decodeChannel(join(realDir, 'train', `${row.id}_${c}.png`), size);
  }
  tiles.push(...(await tilesFor(planes, size, `REAL ${row.labels.join(' ')}`)));
}
const classes = values.classes
  ? values.classes.split(',').map(Number)
  : CLASS_NAMES.map((_, i) => i);
for (const c of classes) {
  const planes = renderSample(createRng(`montage|${values.seed}|${c}`), size, [c]);
  tiles.push(...(await tilesFor(planes, size, `${c} ${CLASS_NAMES[c]}`)));
}
const cellH = tile + labelHeight;
const rowsCount = Math.ceil(tiles.length / perRow);
await sharp({
  create: { width: perRow * tile, height: rowsCount * cellH, channels: 3, background: '#000' },
})
  .composite(
    tiles.map((input, i) => ({
      input,
      raw: { width: tile, height: cellH, channels: 3 as const },
      left: (i % perRow) * tile,
      top: Math.floor(i / perRow) * cellH,
    })),
  )
  .png({ compressionLevel: 9 })
  .toFile(values.out);
process.stdout.write(`wrote ${values.out} (${tiles.length / 2} samples)` + '\n');
