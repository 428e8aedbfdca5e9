// Seeded pseudo-random numbers. Every stochastic step in data/ (splits, samplers, augmentation,
// synthetic images) draws from here so a seed reproduces a run bit for bit on any machine.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number;
  /** Standard normal (Box-Muller). */
  normal(): number;
  /** True with probability p. */
  chance(p: number): boolean;
}

/** Hashes a string or number seed into 32 bits (FNV-1a), so 'fold-3' and 3 are both valid. */
export function seedToUint32(seed: number | string): number {
  const text = typeof seed === 'number' ? `n:${seed}` : `s:${seed}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** sfc32 generator: small, fast and passes PractRand far better than Math.random-grade LCGs. */
export function createRng(seed: number | string): Rng {
  let a = seedToUint32(seed);
  let b = seedToUint32(`${String(seed)}#b`);
  let c = seedToUint32(`${String(seed)}#c`);
  let d = 1;
  const nextUint = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Warm-up: the first outputs of sfc32 still correlate with the seed words.
  for (let i = 0; i < 12; i += 1) nextUint();
  let spareNormal: number | null = null;
  const next = (): number => nextUint() / 4294967296;
  return {
    next,
    int: (n) => Math.floor(next() * n),
    range: (lo, hi) => lo + (hi - lo) * next(),
    chance: (p) => next() < p,
    normal: () => {
      if (spareNormal !== null) {
        const value = spareNormal;
        spareNormal = null;
        return value;
      }
      const u = Math.max(next(), 1e-12);
      const v = next();
      const radius = Math.sqrt(-2 * Math.log(u));
      spareNormal = radius * Math.sin(2 * Math.PI * v);
      return radius * Math.cos(2 * Math.PI * v);
    },
  };
}

/** Fisher-Yates shuffle in place. */
export function shuffleInPlace<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = rng.int(i + 1);
    const tmp = items[i] as T;
    items[i] = items[j] as T;
    items[j] = tmp;
  }
  return items;
}
