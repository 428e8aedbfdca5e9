import { describe, expect, it } from 'vitest';
import {
  decodeValidationProbabilities,
  encodeValidationProbabilities,
  ProbabilitiesFormatError,
  VALIDATION_PROBABILITIES_VERSION,
  type ValidationProbabilities,
} from './validation-probabilities.ts';

function sample(ids: string[], classes = 28, step = 120): ValidationProbabilities {
  const labels = new Uint8Array(ids.length * classes);
  const probabilities = new Float32Array(ids.length * classes);
  for (let i = 0; i < labels.length; i++) {
    labels[i] = (i * 7) % 5 === 0 ? 1 : 0;
    probabilities[i] = ((i * 37) % 101) / 100;
  }
  return { step, classes, ids, labels, probabilities };
}

describe('validation probabilities format', () => {
  it('round-trips ids, labels, probabilities and step, in 4 + 4 x 28 bytes per sample plus ids', () => {
    const value = sample(['a1', 'ü-2', 'c3']);
    const bytes = encodeValidationProbabilities(value);
    // 20 header + 11 id bytes ("a1\nü-2\nc3\n", ü is 2 bytes) + 1 padding + 3 x (4 + 112).
    expect(bytes.length).toBe(20 + 11 + 1 + 3 * (4 + 28 * 4));
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('HPVP');
    expect(bytes[4]).toBe(VALIDATION_PROBABILITIES_VERSION);
    const decoded = decodeValidationProbabilities(bytes);
    expect(decoded.ids).toEqual(value.ids);
    expect(decoded.step).toBe(120);
    expect(decoded.classes).toBe(28);
    expect(Array.from(decoded.labels)).toEqual(Array.from(value.labels));
    expect(Array.from(decoded.probabilities)).toEqual(Array.from(value.probabilities));
  });

  it('reads a file that does not start at a 4-byte boundary (a pooled Buffer)', () => {
    const bytes = encodeValidationProbabilities(sample(['x', 'y']));
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const decoded = decodeValidationProbabilities(shifted.subarray(1));
    expect(decoded.ids).toEqual(['x', 'y']);
    expect(decoded.probabilities[1]).toBeCloseTo(0.37, 6);
  });

  it('round-trips an empty set', () => {
    const decoded = decodeValidationProbabilities(encodeValidationProbabilities(sample([])));
    expect(decoded.ids).toEqual([]);
    expect(decoded.probabilities.length).toBe(0);
  });

  it.each([
    ['a duplicate id', () => sample(['a', 'a'])],
    ['an id with a newline', () => sample(['a\nb'])],
    ['an empty id', () => sample([''])],
    [
      'a probability above 1',
      () => {
        const value = sample(['a']);
        value.probabilities[3] = 1.5;
        return value;
      },
    ],
    [
      'a NaN probability',
      () => {
        const value = sample(['a']);
        value.probabilities[0] = Number.NaN;
        return value;
      },
    ],
    ['labels of the wrong length', () => ({ ...sample(['a']), labels: new Uint8Array(3) })],
    ['33 classes', () => sample(['a'], 33)],
  ])('refuses to encode %s', (_what, make) => {
    expect(() => encodeValidationProbabilities(make())).toThrow(ProbabilitiesFormatError);
  });

  it('refuses a file of another kind, version or size, naming the problem', () => {
    const bytes = encodeValidationProbabilities(sample(['a', 'b']));
    expect(() => decodeValidationProbabilities(new TextEncoder().encode('id,p\n'))).toThrow(
      /shorter than the header/,
    );
    const other = bytes.slice();
    other[0] = 0x50;
    expect(() => decodeValidationProbabilities(other)).toThrow(/not a probabilities file/);
    const future = bytes.slice();
    future[4] = 2;
    expect(() => decodeValidationProbabilities(future)).toThrow(/version 2 is not supported/);
    expect(() => decodeValidationProbabilities(bytes.subarray(0, bytes.length - 4))).toThrow(
      /bytes where 2 samples x 28 classes/,
    );
    const badLabel = bytes.slice();
    // The labels of sample 0 start after the header (20) and the id block "a\nb\n" (4).
    badLabel[24 + 3] = 0x80;
    expect(() => decodeValidationProbabilities(badLabel)).toThrow(/label beyond class 27/);
    const badProbability = bytes.slice();
    new DataView(badProbability.buffer).setFloat32(24 + 8, -0.5, true);
    expect(() => decodeValidationProbabilities(badProbability)).toThrow(/-0.5 .* not in \[0, 1\]/);
  });
});
