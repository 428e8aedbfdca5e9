// Iterative stratification on the real 31,072-row Kaggle label file (and, where that file is
// absent, the run's split choice on generated label sets).
import { describe, expect, it } from 'vitest';
import { NUM_CLASSES, toMultiHot } from './classes.ts';
import { classCounts } from './label-matrix.ts';
import { datasetSplit, stratifiedKFold, stratifiedSplit } from './stratify.ts';
import { createLabelSampler } from './synthetic/label-sampler.ts';
import { createRng } from './random.ts';
import { realLabelRows, sharedDataTestsRun } from './test-fixtures.ts';

const rows = realLabelRows();
const lists = rows.map((r) => r.labels);
const totals = classCounts(lists);

/** |actual - target| within 1 sample for every class (iterative stratification's promise). */
function expectShares(indices: number[], fraction: number, where: string) {
  const counts = classCounts(indices.map((i) => lists[i] as number[]));
  for (let c = 0; c < NUM_CLASSES; c += 1) {
    const target = (totals[c] as number) * fraction;
    const tolerance = 1;
    expect(
      Math.abs((counts[c] as number) - target),
      `${where}, class ${c}: ${counts[c]} vs ${target.toFixed(1)}`,
    ).toBeLessThanOrEqual(tolerance);
  }
  return counts;
}

describe.skipIf(!sharedDataTestsRun())('stratifiedKFold on the real label file', () => {
  it('has the real imbalance to work against', () => {
    expect(rows.length).toBe(31072);
    expect(totals[0]).toBe(12885);
    expect(totals[27]).toBe(11);
  });

  it.each([5, 3])('k=%i: every class within 1 sample of its share in every fold', (k) => {
    const { foldOf, folds } = stratifiedKFold(lists, { k, seed: 2018 });
    expect(folds).toHaveLength(k);
    const seen = new Uint8Array(lists.length);
    for (const [f, fold] of folds.entries()) {
      expect(fold.train.length + fold.validation.length).toBe(lists.length);
      for (const i of fold.validation) {
        seen[i] = (seen[i] as number) + 1;
        expect(foldOf[i]).toBe(f);
      }
      const counts = expectShares(fold.validation, 1 / k, `fold ${f}`);
      for (let c = 0; c < NUM_CLASSES; c += 1) {
        if ((totals[c] as number) >= 5)
          expect(counts[c], `class ${c} in fold ${f}`).toBeGreaterThan(0);
      }
    }
    // Each sample is validated exactly once across the folds.
    expect(seen.every((v) => v === 1)).toBe(true);
  });

  it('is deterministic by seed and accepts multi-hot labels', () => {
    const a = stratifiedKFold(lists, { k: 5, seed: 7 }).foldOf;
    const b = stratifiedKFold(toMultiHot(lists), { k: 5, seed: 7 }).foldOf;
    const c = stratifiedKFold(lists, { k: 5, seed: 8 }).foldOf;
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    expect(Buffer.from(a.buffer).equals(Buffer.from(c.buffer))).toBe(false);
  });
});

describe.skipIf(!sharedDataTestsRun())('stratifiedSplit on the real label file', () => {
  it.each([0.1, 0.2])('validationFraction %f keeps every class share', (fraction) => {
    const { train, validation } = stratifiedSplit(lists, { validationFraction: fraction, seed: 1 });
    expect(train.length + validation.length).toBe(lists.length);
    expect(new Set([...train, ...validation]).size).toBe(lists.length);
    expect(Math.abs(validation.length - fraction * lists.length)).toBeLessThan(0.01 * lists.length);
    expectShares(validation, fraction, 'validation');
    expectShares(train, 1 - fraction, 'train');
  });

  it('gives the same validation set for the same seed only', () => {
    const a = stratifiedSplit(lists, { validationFraction: 0.2, seed: 'team' });
    expect(stratifiedSplit(lists, { validationFraction: 0.2, seed: 'team' }).validation).toEqual(
      a.validation,
    );
    expect(
      stratifiedSplit(lists, { validationFraction: 0.2, seed: 'other' }).validation,
    ).not.toEqual(a.validation);
  });

  it('rejects a fraction outside (0, 1)', () => {
    expect(() => stratifiedSplit(lists, { validationFraction: 1, seed: 1 })).toThrow(
      /validationFraction/,
    );
  });
});

describe('datasetSplit: the split a run trains on', () => {
  const sampler = createLabelSampler();
  const rng = createRng('dataset-split');
  const generated = Array.from({ length: 3000 }, () => sampler.sample(rng));

  it('is the validationFraction split with folds 0 or absent', () => {
    const plain = stratifiedSplit(generated, { validationFraction: 0.2, seed: 4 });
    expect(datasetSplit(generated, { splitSeed: 4, validationFraction: 0.2 })).toEqual(plain);
    expect(datasetSplit(generated, { splitSeed: 4, validationFraction: 0.2, folds: 0 })).toEqual(
      plain,
    );
  });

  it("is fold `fold` of the split seed's K-fold with folds: the K runs validate every sample once", () => {
    const seen = new Uint8Array(generated.length);
    for (let fold = 0; fold < 5; fold += 1) {
      const split = datasetSplit(generated, {
        splitSeed: 4,
        validationFraction: 0.2,
        folds: 5,
        fold,
      });
      expect(split).toEqual(stratifiedKFold(generated, { k: 5, seed: 4 }).folds[fold]);
      expect(split.train.length + split.validation.length).toBe(generated.length);
      for (const i of split.validation) seen[i] = (seen[i] as number) + 1;
    }
    expect(seen.every((v) => v === 1)).toBe(true);
  });

  it('refuses a fold outside 0..folds-1', () => {
    expect(() =>
      datasetSplit(generated, {
        splitSeed: 4,
        validationFraction: 0.2,
        folds: 5,
        fold: 5,
      }),
    ).toThrow(/dataset.fold must be in 0..4, got 5/);
  });
});
