import type { ValidationProbabilities } from '@hpa-lab/contracts';
import { outOfFoldScores } from '@hpa-lab/ml/metrics';
import { describe, expect, it } from 'vitest';
import { ensembleGain } from './study-scores.ts';

const CLASSES = 3;
const SAMPLES = 400;

/** A member whose probabilities are the truth blurred by its own seeded noise. */
function member(noiseSeed: number, noise: number, ids?: string[]): ValidationProbabilities {
  let state = 99;
  const truthNext = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296;
  let own = noiseSeed;
  const noiseNext = () => (own = (Math.imul(own, 1664525) + 1013904223) >>> 0) / 4294967296;
  const labels = new Uint8Array(SAMPLES * CLASSES);
  const probabilities = new Float32Array(SAMPLES * CLASSES);
  for (let i = 0; i < labels.length; i++) {
    labels[i] = truthNext() < 0.2 ? 1 : 0;
    probabilities[i] = Math.min(
      1,
      Math.max(0, labels[i]! * 0.6 + 0.2 + (noiseNext() - 0.5) * noise),
    );
  }
  return {
    step: 1,
    classes: CLASSES,
    ids: ids ?? Array.from({ length: SAMPLES }, (_, s) => `sample-${s}`),
    labels,
    probabilities,
  };
}

describe('ensembleGain', () => {
  it("scores the mean of the members' probabilities against the best member, with an interval", () => {
    const members = [member(1, 1.2), member(2, 1.2), member(3, 1.6)];
    const result = ensembleGain(members, 'unit');
    if (typeof result === 'string') throw new Error(result);
    const best = Math.max(...members.map((m) => outOfFoldScores(m).macroF1));
    expect(result.bestMemberMacroF1).toBeCloseTo(best, 12);
    expect(result.gain.estimate).toBeCloseTo(result.macroF1 - best, 12);
    // Independent noise averages out: the ensemble beats its best member here.
    expect(result.gain.estimate).toBeGreaterThan(0);
    expect(result.gain.low).toBeLessThanOrEqual(result.gain.estimate);
    expect(result.gain.high).toBeGreaterThanOrEqual(result.gain.estimate);
  });

  it('says why when the members were scored on different samples', () => {
    const shuffled = Array.from({ length: SAMPLES }, (_, s) => `sample-${SAMPLES - 1 - s}`);
    expect(ensembleGain([member(1, 1), member(2, 1, shuffled)], 'unit')).toBe(
      'the members were not scored on the same samples in the same order',
    );
    expect(ensembleGain([member(1, 1)], 'unit')).toBe('needs 2 members, has 1');
  });
});
