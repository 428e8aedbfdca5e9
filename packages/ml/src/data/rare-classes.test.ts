import { describe, expect, it } from 'vitest';
import { CLASS_NAMES } from './classes.ts';
import { HPA_CLASS_COUNTS, RARE_CLASS_IDS, rareClassF1 } from './rare-classes.ts';

describe('rare classes', () => {
  it('are the five classes with the fewest HPA 2018 training images', () => {
    expect(RARE_CLASS_IDS).toEqual([27, 15, 10, 9, 8]);
    expect(RARE_CLASS_IDS.map((id) => CLASS_NAMES[id])).toEqual([
      'Rods & rings',
      'Microtubule ends',
      'Lysosomes',
      'Endosomes',
      'Peroxisomes',
    ]);
    const others = HPA_CLASS_COUNTS.filter((_, id) => !RARE_CLASS_IDS.includes(id));
    expect(Math.min(...others)).toBeGreaterThan(HPA_CLASS_COUNTS[8]!);
  });

  it('score as the mean F1 of those classes', () => {
    const f1 = Array.from({ length: 28 }, () => 0.9);
    for (const [i, id] of RARE_CLASS_IDS.entries()) f1[id] = i / 10;
    expect(rareClassF1(f1)).toBeCloseTo((0 + 0.1 + 0.2 + 0.3 + 0.4) / 5, 12);
    expect(() => rareClassF1([0.5])).toThrow(/expected 28 per-class values, got 1/);
  });
});
