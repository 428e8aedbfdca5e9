// A synthetic data set named in one string, `synthetic:count=400,size=128,seed=1,rarity=1`: what
// `config.dataset.cachePath` may hold instead of a path. The trainer generates the set from it
// (data/synthetic); the config schema, and so the API and the launch form, refuse a malformed
// one before a run is queued. Zod only: this folder loads in a browser.
import { z } from 'zod';

export const SYNTHETIC_PREFIX = 'synthetic:';

export const syntheticSpecSchema = z.object({
  count: z.coerce.number().int().min(2).max(200_000),
  size: z.coerce.number().int().min(32).max(2048).default(128),
  seed: z.coerce.number().int().min(0).default(0),
  rarity: z.coerce.number().min(0).max(1).default(1),
});
export type SyntheticSpec = z.infer<typeof syntheticSpecSchema>;

const EXAMPLE = `${SYNTHETIC_PREFIX}count=400,size=128,seed=1,rarity=1`;

export type SyntheticSpecResult =
  { ok: true; spec: SyntheticSpec } | { ok: false; problem: string };

/** Reads the part after `synthetic:`; a problem names the bad part and shows an example. */
export function parseSyntheticSpec(text: string): SyntheticSpecResult {
  const fields: Record<string, string> = {};
  for (const part of text.split(',').filter((p) => p.trim() !== '')) {
    const [key, value, ...rest] = part.split('=');
    if (!key || value === undefined || rest.length > 0) {
      return { ok: false, problem: `"${part}" in "${SYNTHETIC_PREFIX}${text}" is not key=value` };
    }
    fields[key.trim()] = value.trim();
  }
  const parsed = syntheticSpecSchema.strict().safeParse(fields);
  if (parsed.success) return { ok: true, spec: parsed.data };
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || 'spec'}: ${issue.message}`,
  );
  return {
    ok: false,
    problem: `bad synthetic spec "${SYNTHETIC_PREFIX}${text}" (${problems.join('; ')}); expected e.g. ${EXAMPLE}`,
  };
}

/** The problem of a spec, or undefined when it is fine (for schema refinements). */
export function syntheticSpecProblem(text: string): string | undefined {
  const result = parseSyntheticSpec(text);
  return result.ok ? undefined : result.problem;
}

/** The `cachePath` string of a spec, every field spelled out. */
export function syntheticCachePath(spec: SyntheticSpec): string {
  return `${SYNTHETIC_PREFIX}count=${spec.count},size=${spec.size},seed=${spec.seed},rarity=${spec.rarity}`;
}

export interface SyntheticDatasetPreset {
  /** What a data set list shows. */
  label: string;
  description: string;
  spec: SyntheticSpec;
}

/**
 * The synthetic sets the platform offers by name: a tiny one for a first try (seconds on a
 * laptop), and sets shaped like the two of packages/ml's README experiments (imbalance at 64 px,
 * balanced at 128 px; the README's were generated with a text seed a spec cannot hold).
 */
export const SYNTHETIC_DATASETS: readonly SyntheticDatasetPreset[] = [
  {
    label: 'Synthetic, tiny (40 images, 32 px)',
    description: 'A smoke test: generated and trained in seconds; flat class shares.',
    spec: { count: 40, size: 32, seed: 5, rarity: 0 },
  },
  {
    label: 'Synthetic, quick (400 images, 128 px)',
    description: 'A first real try on a laptop, with the real HPA class imbalance.',
    spec: { count: 400, size: 128, seed: 1, rarity: 1 },
  },
  {
    label: 'Synthetic, imbalanced (8,000 images, 64 px)',
    description:
      "Shaped like the README's imbalance experiment (another seed): the real HPA label " +
      'frequencies (rarity 1), 64 px.',
    spec: { count: 8000, size: 64, seed: 1, rarity: 1 },
  },
  {
    label: 'Synthetic, balanced (3,000 images, 128 px)',
    description:
      "Shaped like the README's 15-minute CPU experiment (another seed): flat class shares " +
      '(rarity 0), 128 px.',
    spec: { count: 3000, size: 128, seed: 1, rarity: 0 },
  },
];
