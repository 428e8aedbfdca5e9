import { describe, expect, it } from 'vitest';
import { classCounts } from './label-matrix.ts';
import { createRng } from './random.ts';
import {
  batchesOf,
  labelSetSampler,
  labelSetWeights,
  oversamplingSampler,
  rareClassWeights,
  uniformSampler,
} from './samplers.ts';
import { createLabelSampler } from './synthetic/label-sampler.ts';

// 20,000 label sets with the real HPA frequencies.
const sampler = createLabelSampler();
const rng = createRng('samplers');
const lists = Array.from({ length: 20000 }, () => sampler.sample(rng));
const counts = classCounts(lists);

describe('uniformSampler', () => {
  it('visits every sample once per epoch, in a seeded order', () => {
    const s = uniformSampler({ count: 100, seed: 3 });
    const e0 = s.epoch(0);
    expect([...e0].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(s.epoch(0)).toEqual(e0);
    expect(s.epoch(1)).not.toEqual(e0);
  });
});

describe('rare-class oversampling', () => {
  it('weights each sample by its rarest label, capped', () => {
    const weights = rareClassWeights(lists, { cap: 8, power: 0.5 });
    expect(Math.max(...weights)).toBeLessThanOrEqual(8);
    expect(Math.min(...weights)).toBeGreaterThanOrEqual(1);
    const onlyNucleoplasm = lists.findIndex((l) => l.length === 1 && l[0] === 0);
    expect(weights[onlyNucleoplasm]).toBe(1);
    const withRods = lists.findIndex((l) => l.includes(27));
    expect(weights[withRods]).toBe(8);
  });

  it('raises rare-class frequency in an epoch and is deterministic', () => {
    const s = oversamplingSampler(lists, { cap: 10, seed: 1 });
    const epoch = s.epoch(0);
    expect(epoch).toEqual(s.epoch(0));
    const drawn = classCounts([...epoch].map((i) => lists[i] as number[]));
    const share = (c: number[], k: number) => (c[k] as number) / lists.length;
    for (const rare of [8, 9, 10, 15, 20])
      expect(share(drawn, rare)).toBeGreaterThan(2.5 * share(counts, rare));
    expect(share(drawn, 0)).toBeLessThan(share(counts, 0));
  });
});

describe('label-set-aware sampling', () => {
  const key = (l: readonly number[]) => [...l].sort((a, b) => a - b).join(' ');
  const setCounts = new Map<string, number>();
  for (const l of lists) setCounts.set(key(l), (setCounts.get(key(l)) ?? 0) + 1);
  // Label sets seen at most 3 times in the 20,000: the rare combinations.
  const isRareSet = (l: readonly number[]) => (setCounts.get(key(l)) ?? 0) <= 3;
  const rareShare = (indices: ArrayLike<number>) =>
    Array.from(indices).filter((i) => isRareSet(lists[i] as number[])).length / indices.length;

  it('weighs a sample by how rare its whole label set is, in [1, cap]', () => {
    const weights = labelSetWeights(lists, { cap: 50, power: 0.5 });
    expect(Math.min(...weights)).toBe(1);
    expect(Math.max(...weights)).toBeLessThanOrEqual(50);
    // Two samples with the same label set get the same weight, whatever order their labels.
    expect(labelSetWeights([[0, 25], [25, 0], [3]], { cap: 10, power: 1 })).toEqual(
      Float64Array.from([1, 1, 2]),
    );
    // power 0 is uniform.
    expect(new Set(labelSetWeights(lists, { cap: 50, power: 0 }))).toEqual(new Set([1]));
  });

  it('draws rare combinations far more often than uniform sampling, deterministically', () => {
    const s = labelSetSampler(lists, { cap: 100, power: 1, seed: 4 });
    const epoch = s.epoch(0);
    expect(epoch).toEqual(s.epoch(0));
    expect(s.epoch(1)).not.toEqual(epoch);
    const uniform = rareShare(uniformSampler({ count: lists.length, seed: 4 }).epoch(0));
    expect(uniform).toBeGreaterThan(0);
    expect(rareShare(epoch)).toBeGreaterThan(5 * uniform);
  });

  it('rejects a cap below 1 or a negative power with the field named', () => {
    expect(() => labelSetWeights(lists, { cap: 0.5 })).toThrow(/cap must be >= 1/);
    expect(() => labelSetWeights(lists, { cap: 2, power: -1 })).toThrow(/power must be >= 0/);
  });
});

describe('batchesOf', () => {
  it('splits indices into batches, optionally dropping the last partial one', () => {
    expect([...batchesOf([1, 2, 3, 4, 5], 2)]).toEqual([[1, 2], [3, 4], [5]]);
    expect([...batchesOf([1, 2, 3, 4, 5], 2, { dropLast: true })]).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });
});
