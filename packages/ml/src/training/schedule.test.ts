import { describe, expect, it } from 'vitest';
import { learningRateAt } from './schedule.ts';

describe('learningRateAt', () => {
  const cosine = {
    learningRate: 0.1,
    warmupEpochs: 1,
    schedule: { name: 'cosine' as const, minFraction: 0.1 },
  };

  it('warms up linearly, then follows the cosine down to its floor', () => {
    expect(learningRateAt(cosine, 0, 10, 11)).toBeCloseTo(0.01, 12);
    expect(learningRateAt(cosine, 9, 10, 11)).toBeCloseTo(0.1, 12);
    expect(learningRateAt(cosine, 10, 10, 11)).toBeCloseTo(0.1, 12);
    // Halfway through the 100 post-warm-up steps: floor + (base - floor) / 2.
    expect(learningRateAt(cosine, 60, 10, 11)).toBeCloseTo(0.01 + 0.09 * 0.5, 12);
    expect(learningRateAt(cosine, 110, 10, 11)).toBeCloseTo(0.01, 12);
  });

  it('step schedule multiplies by the factor every N epochs', () => {
    const step = {
      learningRate: 1,
      warmupEpochs: 0,
      schedule: { name: 'step' as const, everyEpochs: 2, factor: 0.5 },
    };
    expect(learningRateAt(step, 0, 5, 10)).toBe(1);
    expect(learningRateAt(step, 9, 5, 10)).toBe(1);
    expect(learningRateAt(step, 10, 5, 10)).toBe(0.5);
    expect(learningRateAt(step, 20, 5, 10)).toBe(0.25);
  });

  it('constant stays at the base rate after warm-up', () => {
    const constant = {
      learningRate: 0.3,
      warmupEpochs: 0,
      schedule: { name: 'constant' as const },
    };
    expect(learningRateAt(constant, 1234, 10, 5)).toBe(0.3);
  });
});
