// The 28 HPA 2018 location classes and the four stain channels, shared by every data module.

export const NUM_CLASSES = 28;

export const CLASS_NAMES = [
  'Nucleoplasm',
  'Nuclear membrane',
  'Nucleoli',
  'Nucleoli fibrillar center',
  'Nuclear speckles',
  'Nuclear bodies',
  'Endoplasmic reticulum',
  'Golgi apparatus',
  'Peroxisomes',
  'Endosomes',
  'Lysosomes',
  'Intermediate filaments',
  'Actin filaments',
  'Focal adhesion sites',
  'Microtubules',
  'Microtubule ends',
  'Cytokinetic bridge',
  'Mitotic spindle',
  'Microtubule organizing center',
  'Centrosome',
  'Lipid droplets',
  'Plasma membrane',
  'Cell junctions',
  'Mitochondria',
  'Aggresome',
  'Cytosol',
  'Cytoplasmic bodies',
  'Rods & rings',
] as const;

/** Kaggle file-name suffixes. green = protein of interest; the others are landmarks. */
export const ALL_CHANNELS = ['red', 'green', 'blue', 'yellow'] as const;
export type Channel = (typeof ALL_CHANNELS)[number];

/** Named channel subsets a config can ask for. */
export const CHANNEL_PRESETS = {
  all: ['red', 'green', 'blue', 'yellow'],
  green: ['green'],
  'green-landmarks': ['green', 'red', 'blue', 'yellow'],
  'green-nucleus': ['green', 'blue'],
} as const satisfies Record<string, readonly Channel[]>;

export function parseChannels(channels: readonly string[]): Channel[] {
  if (channels.length === 0) throw new Error('channels: at least one channel is required');
  const seen = new Set<string>();
  for (const channel of channels) {
    if (!(ALL_CHANNELS as readonly string[]).includes(channel)) {
      throw new Error(
        `channels: unknown channel "${channel}" (expected ${ALL_CHANNELS.join(', ')})`,
      );
    }
    if (seen.has(channel)) throw new Error(`channels: "${channel}" is listed twice`);
    seen.add(channel);
  }
  return channels as Channel[];
}

/** Multi-hot [count * 28] from label lists. */
export function toMultiHot(labelLists: readonly (readonly number[])[]): Uint8Array {
  const out = new Uint8Array(labelLists.length * NUM_CLASSES);
  labelLists.forEach((labels, i) => {
    for (const label of labels) out[i * NUM_CLASSES + label] = 1;
  });
  return out;
}

/** Label lists from a multi-hot [count * 28]. */
export function fromMultiHot(multiHot: Uint8Array): number[][] {
  const count = multiHot.length / NUM_CLASSES;
  const lists: number[][] = [];
  for (let i = 0; i < count; i += 1) {
    const labels: number[] = [];
    for (let c = 0; c < NUM_CLASSES; c += 1) if (multiHot[i * NUM_CLASSES + c]) labels.push(c);
    lists.push(labels);
  }
  return lists;
}
