import { describe, expect, it } from 'vitest';
import { withPinnedFingerprint } from './dataset-pin';

const datasets = [
  { cachePath: 'synthetic:count=40,size=32,seed=5,rarity=0', fingerprint: null },
  { cachePath: '/home/cache/a.json', fingerprint: 'aaaa' },
  { cachePath: '/home/cache/b.json', fingerprint: 'bbbb' },
];

const config = (dataset: Record<string, unknown>) => ({ epochs: 1, dataset });

describe('withPinnedFingerprint', () => {
  it('pins the fingerprint of a built cache when it is picked', () => {
    const before = config({ cachePath: datasets[0]!.cachePath });
    const after = config({ cachePath: '/home/cache/a.json' });
    expect(withPinnedFingerprint(before, after, datasets)).toEqual(
      config({ cachePath: '/home/cache/a.json', fingerprint: 'aaaa' }),
    );
  });

  it('moves the pin to another cache and drops it for a synthetic spec', () => {
    const onA = config({ cachePath: '/home/cache/a.json', fingerprint: 'aaaa' });
    expect(
      withPinnedFingerprint(
        onA,
        config({ cachePath: '/home/cache/b.json', fingerprint: 'aaaa' }),
        datasets,
      ),
    ).toEqual(config({ cachePath: '/home/cache/b.json', fingerprint: 'bbbb' }));
    expect(
      withPinnedFingerprint(
        onA,
        config({ cachePath: datasets[0]!.cachePath, fingerprint: 'aaaa' }),
        datasets,
      ),
    ).toEqual(config({ cachePath: datasets[0]!.cachePath }));
  });

  it('keeps a fingerprint the member typed, and changes nothing when the data set stays', () => {
    const typed = config({ cachePath: '/other/index.json', fingerprint: 'typed' });
    const next = config({ cachePath: datasets[0]!.cachePath, fingerprint: 'typed' });
    expect(withPinnedFingerprint(typed, next, datasets)).toBe(next);
    const same = config({ cachePath: '/home/cache/a.json', fingerprint: 'edited' });
    expect(withPinnedFingerprint(config({ cachePath: '/home/cache/a.json' }), same, datasets)).toBe(
      same,
    );
  });
});
