// Labels arrive either as a multi-hot [count * 28] (openCache) or as label lists (CSV rows);
// splits and samplers accept both and work on lists internally.
import { NUM_CLASSES, fromMultiHot } from './classes.ts';

export type LabelInput = Uint8Array | readonly (readonly number[])[];

export function toLabelLists(labels: LabelInput): (readonly number[])[] {
  if (labels instanceof Uint8Array) {
    if (labels.length % NUM_CLASSES !== 0) {
      throw new Error(
        `multi-hot labels: length ${labels.length} is not a multiple of ${NUM_CLASSES}`,
      );
    }
    return fromMultiHot(labels);
  }
  return labels.slice();
}

/** Samples per class. */
export function classCounts(lists: readonly (readonly number[])[]): number[] {
  const counts = new Array<number>(NUM_CLASSES).fill(0);
  for (const labels of lists) for (const l of labels) counts[l] = (counts[l] ?? 0) + 1;
  return counts;
}
