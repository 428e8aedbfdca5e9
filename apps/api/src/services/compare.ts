// compareRuns and the class leaderboard: everything the comparison view needs in one request.
import { VALIDATION_SPLIT } from '@hpa-lab/ml/config';
import { NUM_CLASSES } from '@hpa-lab/ml/classes';
import { z } from 'zod';
import type { Evaluation, PrismaClient, Run } from '../db.ts';
import { diffConfigs, type ParameterDifference } from '../lib/config-diff.ts';
import { ApiError, parseInput } from '../lib/errors.ts';
import { alignSeries, queryBucketedSeries, type AlignedCurve } from './curve-buckets.ts';
import { bestEvaluations } from './evaluations.ts';
import { METRIC_KEY_PATTERN } from './metrics.ts';

const compareSchema = z.object({
  ids: z
    .array(z.uuid())
    .min(1, 'give at least one run id')
    .max(50, 'compare at most 50 runs at once'),
  keys: z.array(z.string().regex(METRIC_KEY_PATTERN, 'not a metric key')).max(20),
  maxPoints: z.number().int().min(2).max(5000),
});

export interface RunComparison {
  runs: Run[];
  curves: AlignedCurve[];
  classScores: { runId: string; evaluation: Evaluation | null }[];
  parameterDifferences: ParameterDifference[];
  warnings: string[];
}

export async function compareRuns(
  db: PrismaClient,
  input: { ids: string[]; keys: string[]; maxPoints?: number | null },
): Promise<RunComparison> {
  const { ids, keys, maxPoints } = parseInput(compareSchema, {
    ...input,
    maxPoints: input.maxPoints ?? 500,
  });
  const uniqueIds = [...new Set(ids)];
  const uniqueKeys = [...new Set(keys)];
  const [found, rows, best] = await Promise.all([
    db.run.findMany({ where: { id: { in: uniqueIds } } }),
    uniqueKeys.length > 0
      ? queryBucketedSeries(db, uniqueIds, uniqueKeys, maxPoints)
      : Promise.resolve([]),
    bestEvaluations(db, uniqueIds),
  ]);
  const byId = new Map(found.map((run) => [run.id, run]));
  const missing = uniqueIds.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    throw new ApiError('NOT_FOUND', `Runs not found: ${missing.join(', ')}`, { ids: missing });
  }
  const runs = uniqueIds.map((id) => byId.get(id)!);
  return {
    runs,
    curves: uniqueKeys.map((key) => alignSeries(key, uniqueIds, rows)),
    classScores: uniqueIds.map((runId) => ({ runId, evaluation: best.get(runId) ?? null })),
    parameterDifferences: diffConfigs(runs.map((run) => run.config)),
    warnings: comparabilityWarnings(runs),
  };
}

/** Runs grouped by a value, in the order of the runs: `"A", "B" (x); "C" (y)`. */
function describeGroups(runs: readonly Run[], valueOf: (run: Run) => string): string {
  const groups = new Map<string, string[]>();
  for (const run of runs) {
    const value = valueOf(run);
    groups.set(value, [...(groups.get(value) ?? []), JSON.stringify(run.name)]);
  }
  return [...groups].map(([value, names]) => `${names.join(', ')} (${value})`).join('; ');
}

/**
 * Scores are comparable only on the same validation set: same data and split seed. Each
 * warning names the runs of each group, so a member sees which scores are not like for like.
 */
function comparabilityWarnings(runs: readonly Run[]): string[] {
  const warnings: string[] = [];
  const fingerprintOf = (run: Run) => run.datasetFingerprint ?? '(unknown)';
  if (new Set(runs.map(fingerprintOf)).size > 1) {
    warnings.push(
      `Runs use different datasets: ${describeGroups(runs, fingerprintOf)}. F1 scores are not comparable`,
    );
  }
  const seedOf = (run: Run) => `split seed ${run.splitSeed ?? '(unknown)'}`;
  if (new Set(runs.map(seedOf)).size > 1) {
    warnings.push(
      `Runs use different split seeds: ${describeGroups(runs, seedOf)}. Their validation sets differ`,
    );
  }
  return warnings;
}

export interface ClassLeaderboardEntry {
  classId: number;
  top: { runId: string; f1: number; threshold: number; support: number; macroF1: number }[];
}

export async function classLeaderboard(
  db: PrismaClient,
  input: { projectId: string; split?: string | null; top?: number | null },
): Promise<ClassLeaderboardEntry[]> {
  const { projectId, split, top } = parseInput(
    z.object({
      projectId: z.uuid(),
      split: z.string().regex(/^[a-z0-9_-]{1,32}$/),
      top: z.number().int().min(1).max(50),
    }),
    { projectId: input.projectId, split: input.split ?? VALIDATION_SPLIT, top: input.top ?? 3 },
  );
  const runs = await db.run.findMany({ where: { projectId }, select: { id: true } });
  const best = await bestEvaluations(
    db,
    runs.map((run) => run.id),
    split,
  );
  const evaluations = [...best.values()];
  return Array.from({ length: NUM_CLASSES }, (_, classId) => ({
    classId,
    top: evaluations
      .map((evaluation) => ({
        runId: evaluation.runId,
        f1: evaluation.f1[classId] ?? 0,
        threshold: evaluation.threshold[classId] ?? 0,
        support: evaluation.support[classId] ?? 0,
        macroF1: evaluation.macroF1,
      }))
      .sort((a, b) => b.f1 - a.f1 || b.macroF1 - a.macroF1 || a.runId.localeCompare(b.runId))
      .slice(0, top),
  }));
}
