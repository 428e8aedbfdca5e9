import { describe, expect, it } from 'vitest';
import { toMultiHot } from './classes.ts';
import { datasetFingerprint, stableStringify } from './fingerprint.ts';

const base = {
  ids: ['a', 'b', 'c'],
  labels: [[0], [16, 0], [27]],
  preprocessing: { size: 256, channels: ['green', 'blue'] },
};

describe('datasetFingerprint', () => {
  it('is stable across label encodings and key order', () => {
    const fp = datasetFingerprint(base);
    expect(fp).toMatch(/^[0-9a-f]{64}$/);
    expect(datasetFingerprint({ ...base, labels: toMultiHot(base.labels) })).toBe(fp);
    expect(
      datasetFingerprint({ ...base, preprocessing: { channels: ['green', 'blue'], size: 256 } }),
    ).toBe(fp);
    expect(stableStringify({ b: 1, a: [2, { d: 1, c: 2 }] })).toBe('{"a":[2,{"c":2,"d":1}],"b":1}');
  });

  it('changes with ids, labels, preprocessing and split', () => {
    const fp = datasetFingerprint(base);
    const variants = [
      { ...base, ids: ['a', 'b', 'd'] },
      { ...base, labels: [[0], [16], [27]] },
      { ...base, preprocessing: { ...base.preprocessing, size: 128 } },
      { ...base, split: { seed: 1, validationFraction: 0.2 } },
    ];
    const prints = variants.map(datasetFingerprint);
    expect(new Set([fp, ...prints]).size).toBe(5);
  });

  it('rejects ids and labels of different lengths', () => {
    expect(() => datasetFingerprint({ ...base, ids: ['a'] })).toThrow(/1 ids but 3 label rows/);
  });
});
