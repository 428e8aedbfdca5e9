import { describe, expect, it } from 'vitest';
import { epochAxisFromSteps, epochOfBoundary, stepToEpoch } from './epoch-axis';

describe('epoch axis', () => {
  // 10 steps per epoch: train/loss at steps 0..29, end-of-epoch metrics at 10, 20, 30.
  const axis = epochAxisFromSteps([
    [10, 20, 30],
    [20, 30],
  ])!;

  it('collects distinct sorted boundaries and ignores step 0', () => {
    expect(axis.boundaries).toEqual([10, 20, 30]);
    expect(epochAxisFromSteps([[0], []])).toBeNull();
  });

  it('puts boundaries on whole epochs and steps in between on fractions', () => {
    expect(stepToEpoch(axis, 0)).toBe(0);
    expect(stepToEpoch(axis, 5)).toBe(0.5);
    expect(stepToEpoch(axis, 10)).toBe(1);
    expect(stepToEpoch(axis, 15)).toBe(1.5);
    expect(stepToEpoch(axis, 20)).toBe(2);
    expect(stepToEpoch(axis, 29)).toBeCloseTo(2.9, 12);
    expect(stepToEpoch(axis, 30)).toBe(3);
  });

  it('continues past the last boundary with the last epoch length (a run still training)', () => {
    expect(stepToEpoch(axis, 35)).toBe(3.5);
  });

  it('handles uneven epochs (a shortened last epoch)', () => {
    const uneven = epochAxisFromSteps([[10, 20, 24]])!;
    expect(stepToEpoch(uneven, 22)).toBe(2.5);
  });

  it('names the epoch an evaluation step closed', () => {
    expect(epochOfBoundary(axis, 20)).toBe(2);
    expect(epochOfBoundary(axis, 21)).toBeNull();
    expect(epochOfBoundary(null, 20)).toBeNull();
  });
});
