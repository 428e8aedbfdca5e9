// The compare page's one request: compareRuns of the URL's runs with everything the page draws
// (summary rows, curves of the chosen keys, per-class scores, config differences, warnings),
// each part's fragment spread. The API refuses the whole request when one id has no run
// (NOT_FOUND, naming the ids), so the loader asks again without those and the page names them;
// it also refuses a malformed curve key, so a refused `keys` falls back to the default curves.
import 'server-only';
import { cache } from 'react';
import { EPOCH_METRIC_KEYS } from '@hpa-lab/ml/config';
import { drawnPointsPerSeries } from '@/features/compare/lib/compare-curves';
import { DEFAULT_CURVE_KEYS, requestedKeys } from '@/features/compare/lib/compare-url';
import { execute, type ApiResult } from '@/graphql/execute';
import type { ApiProblem } from '@/graphql/api-problem';
import { graphql } from '@/graphql/generated';
import type { ComparePageQuery } from '@/graphql/generated/graphql';

/**
 * Buckets per curve: as many as a chart draws per series with this many runs (200 for a few,
 * 120 for 20: lib/compare-curves), since more would only grow the page (its curves are most of
 * it, sent as data and drawn as SVG) without showing more. The API keeps each bucket's min and
 * max for the band.
 */
export function compareCurvePoints(runs: number): number {
  return drawnPointsPerSeries(runs);
}

const ComparePageDocument = graphql(`
  query ComparePage($ids: [ID!]!, $keys: [String!]!, $maxPoints: Int!) {
    compareRuns(ids: $ids, keys: $keys, maxPoints: $maxPoints) {
      runs {
        id
        name
        ...CompareSummary_Run
      }
      warnings
      ...CompareCurves_RunComparison
      ...PerClassCompare_RunComparison
      ...ParamDiff_RunComparison
    }
  }
`);

export type Comparison = ComparePageQuery['compareRuns'];

export interface CompareLoad {
  /** Null when none of the ids has a run. */
  comparison: Comparison | null;
  /** Ids the API found no run for (or that the member may not see). */
  missing: string[];
  /** The keys drawn as curves (the URL's, or the defaults when the API refused those). */
  keys: string[];
  /** Why the URL's keys were not used, when the API refused them. */
  keysProblem: ApiProblem | null;
}

async function request(ids: string[], keys: readonly string[]) {
  return execute(ComparePageDocument, {
    ids,
    keys: requestedKeys(keys, EPOCH_METRIC_KEYS).requested,
    maxPoints: compareCurvePoints(ids.length),
  });
}

/** Keyed by a string: React's cache compares arguments by identity. */
const loadByKey = cache(async (key: string): Promise<ApiResult<CompareLoad>> => {
  const [idsPart, keysPart] = key.split('|') as [string, string];
  let ids = idsPart.split(',');
  let keys = requestedKeys(JSON.parse(keysPart) as string[], EPOCH_METRIC_KEYS).drawn;
  const missing: string[] = [];
  let keysProblem: ApiProblem | null = null;
  // At most three answers: one naming missing runs, one refusing the keys, then the page's.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const result = await request(ids, keys);
    if (result.ok) {
      return {
        ok: true,
        data: { comparison: result.data.compareRuns, missing, keys, keysProblem },
      };
    }
    const { problem } = result;
    if (problem.kind === 'not-found' && problem.ids && problem.ids.length > 0) {
      const gone = new Set(problem.ids.map((id) => id.toLowerCase()));
      missing.push(...ids.filter((id) => gone.has(id)));
      ids = ids.filter((id) => !gone.has(id));
      if (ids.length === 0) {
        return { ok: true, data: { comparison: null, missing, keys, keysProblem } };
      }
      continue;
    }
    const defaults = [...DEFAULT_CURVE_KEYS];
    if (problem.kind === 'bad-input' && keysProblem === null && keys.join() !== defaults.join()) {
      keysProblem = problem;
      keys = defaults;
      continue;
    }
    return result;
  }
  return {
    ok: false,
    problem: {
      kind: 'api-error',
      title: 'The API answered with an error',
      detail: 'compareRuns kept refusing the runs of this address.',
    },
  };
});

/** compareRuns of the page (cached per request: metadata and page share it). */
export function loadCompare(
  ids: readonly string[],
  keys: readonly string[],
): Promise<ApiResult<CompareLoad>> {
  return loadByKey(`${ids.join(',')}|${JSON.stringify(keys)}`);
}
