// The ensemble what-if and the best-per-class composite: what combining runs would score on
// their shared validation samples, from each run's stored validation probabilities (the
// trainer's `validation-probabilities.hpvp` artifact). The metrics are packages/ml's
// (`@hpa-lab/ml/metrics`); this module finds, checks and aligns the runs' probabilities.
import { VALIDATION_PROBABILITIES_ARTIFACT } from '@hpa-lab/contracts';
import { NUM_CLASSES } from '@hpa-lab/ml/classes';
import {
  averageProbabilities,
  bestPerClassComposite as composite,
  evaluateWithRule,
  fitMember,
  macroF1FromPerClass,
  perClassF1WithRule,
  sampleFolds,
  type EvaluationReport,
  type MemberFit,
  type ThresholdRule,
} from '@hpa-lab/ml/metrics';
import { rareClassF1 } from '@hpa-lab/ml/rare-classes';
import { z } from 'zod';
import type { PrismaClient, Run } from '../db.ts';
import { ApiError, parseInput } from '../lib/errors.ts';
import type { ArtifactStore } from '../store/artifact-store.ts';
import {
  probabilityCache,
  UnusableProbabilitiesError,
  type CachedProbabilities,
} from './probability-cache.ts';

export const MIN_ENSEMBLE_RUNS = 2;
export const MAX_ENSEMBLE_RUNS = 20;

export type EnsembleThresholds = 'GLOBAL' | 'PER_CLASS_CROSS_FITTED';

export interface EnsembleInput {
  runIds: readonly string[];
  thresholds?: EnsembleThresholds | null;
  globalThreshold?: number | null;
}

export interface EnsembleResult {
  runIds: string[];
  thresholds: EnsembleThresholds;
  sampleCount: number;
  macroF1: number;
  rareClassF1: number;
  f1: number[];
  precision: number[];
  recall: number[];
  support: number[];
  threshold: number[];
  tp: number[];
  fp: number[];
  fn: number[];
  tn: number[];
  cooccurrence: number[][];
  members: { runId: string; macroF1: number; rareClassF1: number }[];
  bestSingleRunId: string;
  gain: number;
  classWinners: { classId: number; runId: string; halfRunIds: string[] }[];
}

const inputSchema = z.object({
  runIds: z
    .array(z.uuid('must be run ids (UUIDs)'))
    .transform((ids) => [...new Set(ids)])
    .pipe(
      z
        .array(z.string())
        .min(MIN_ENSEMBLE_RUNS, `give at least ${MIN_ENSEMBLE_RUNS} distinct runs`)
        .max(MAX_ENSEMBLE_RUNS, `combine at most ${MAX_ENSEMBLE_RUNS} runs`),
    ),
  thresholds: z.enum(['GLOBAL', 'PER_CLASS_CROSS_FITTED']),
  globalThreshold: z.number().gt(0, 'must be above 0').lt(1, 'must be below 1'),
});

/** A run as messages name it: its name and id (names need not be unique). */
const named = (run: Pick<Run, 'id' | 'name'>) => `${JSON.stringify(run.name)} (${run.id})`;

/** Runs scored together must have been validated on the same samples. */
function checkComparable(runs: readonly Run[]): void {
  const groups = new Map<string, Run[]>();
  for (const run of runs) {
    const key = `dataset ${run.datasetFingerprint ?? '(unknown)'}, split seed ${run.splitSeed ?? '(unknown)'}`;
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  const unknown = runs.filter((run) => run.datasetFingerprint === null || run.splitSeed === null);
  if (groups.size === 1 && unknown.length === 0) return;
  const described = [...groups]
    .map(([key, members]) => `${members.map(named).join(', ')} on ${key}`)
    .join('; ');
  // The runs outside the first run's group, or every run whose data is unknown.
  const first = groups.values().next().value!;
  const differing = runs
    .filter((run) => !first.includes(run) || unknown.includes(run))
    .map((run) => run.id);
  throw new ApiError(
    'RUNS_NOT_COMPARABLE',
    `Runs trained on different data cannot be scored together: ${described}`,
    { runIds: differing },
  );
}

async function loadProbabilities(
  db: PrismaClient,
  store: ArtifactStore,
  runs: readonly Run[],
): Promise<CachedProbabilities[]> {
  const artifacts = await db.artifact.findMany({
    where: {
      runId: { in: runs.map((run) => run.id) },
      name: VALIDATION_PROBABILITIES_ARTIFACT,
      kind: 'predictions',
    },
    select: { runId: true, sha256: true, storageKey: true },
  });
  const byRun = new Map(artifacts.map((artifact) => [artifact.runId, artifact]));
  const without = runs.filter((run) => !byRun.has(run.id));
  if (without.length > 0) {
    throw new ApiError(
      'PROBABILITIES_MISSING',
      `Runs without stored validation probabilities (${VALIDATION_PROBABILITIES_ARTIFACT}, uploaded by the trainer when a run ends): ${without.map(named).join(', ')}`,
      { runIds: without.map((run) => run.id) },
    );
  }
  const loaded = await Promise.allSettled(
    runs.map((run) => probabilityCache.get(store, byRun.get(run.id)!)),
  );
  const unusable = loaded.flatMap((result, i) =>
    result.status === 'rejected' && result.reason instanceof UnusableProbabilitiesError
      ? [{ run: runs[i]!, why: result.reason.message }]
      : [],
  );
  if (unusable.length > 0) {
    throw new ApiError(
      'PROBABILITIES_MISSING',
      `Runs whose stored validation probabilities cannot be used: ${unusable.map(({ run, why }) => `${named(run)}: ${why}`).join('; ')}`,
      { runIds: unusable.map(({ run }) => run.id) },
    );
  }
  return loaded.map((result) => {
    if (result.status === 'rejected') throw result.reason;
    return result.value;
  });
}

interface Aligned {
  ids: string[];
  labels: Uint8Array;
  members: Float32Array[];
  /** Every file holds exactly these samples in this order (the usual case: same data). */
  whole: boolean;
}

/**
 * The samples every run holds, in the first run's order, with each run's probabilities
 * gathered into that order. Runs on the same data agree on every sample's labels; a
 * disagreement means the files were not made from the same validation set.
 */
function align(runs: readonly Run[], files: readonly CachedProbabilities[]): Aligned {
  const [first, ...others] = files;
  for (const [i, file] of files.entries()) {
    if (file.classes !== NUM_CLASSES) {
      throw new ApiError(
        'PROBABILITIES_MISSING',
        `Run ${named(runs[i]!)}: its stored validation probabilities have ${file.classes} classes, not ${NUM_CLASSES}`,
        { runIds: [runs[i]!.id] },
      );
    }
  }
  const sameOrder = others.every(
    (file) =>
      file.ids.length === first!.ids.length && file.ids.every((id, row) => id === first!.ids[row]),
  );
  const ids = sameOrder
    ? first!.ids
    : first!.ids.filter((id) => others.every((file) => file.rowOf.has(id)));
  if (ids.length === 0) {
    throw new ApiError(
      'RUNS_NOT_COMPARABLE',
      `Runs ${runs.map(named).join(', ')} share no validation sample: their stored probabilities hold disjoint sample ids`,
      { runIds: runs.map((run) => run.id) },
    );
  }
  const gather = (
    file: CachedProbabilities,
    values: Float32Array | Uint8Array,
    out: Float32Array | Uint8Array,
  ) => {
    for (let k = 0; k < ids.length; k++) {
      const row = file.rowOf.get(ids[k]!)!;
      out.set(values.subarray(row * NUM_CLASSES, (row + 1) * NUM_CLASSES), k * NUM_CLASSES);
    }
    return out;
  };
  const members = files.map((file) =>
    sameOrder
      ? file.probabilities
      : (gather(
          file,
          file.probabilities,
          new Float32Array(ids.length * NUM_CLASSES),
        ) as Float32Array),
  );
  const labels = sameOrder
    ? first!.labels
    : (gather(first!, first!.labels, new Uint8Array(ids.length * NUM_CLASSES)) as Uint8Array);
  for (const [i, file] of others.entries()) {
    const theirs = sameOrder
      ? file.labels
      : gather(file, file.labels, new Uint8Array(labels.length));
    let at = -1;
    for (let cell = 0; cell < labels.length; cell++) {
      if (theirs[cell] !== labels[cell]) {
        at = cell;
        break;
      }
    }
    if (at >= 0) {
      const sample = ids[Math.floor(at / NUM_CLASSES)]!;
      throw new ApiError(
        'RUNS_NOT_COMPARABLE',
        `Runs ${named(runs[0]!)} and ${named(runs[i + 1]!)} disagree on the labels of sample ${sample}: their probabilities were not computed on the same validation set`,
        { runIds: [runs[0]!.id, runs[i + 1]!.id] },
      );
    }
  }
  return { ids, labels, members, whole: sameOrder };
}

interface Prepared {
  runs: Run[];
  files: CachedProbabilities[];
  thresholds: EnsembleThresholds;
  rule: ThresholdRule;
  aligned: Aligned;
  fold: Uint8Array;
}

async function prepare(
  deps: { db: PrismaClient; store: ArtifactStore },
  input: EnsembleInput,
): Promise<Prepared> {
  const { runIds, thresholds, globalThreshold } = parseInput(inputSchema, {
    runIds: input.runIds,
    thresholds: input.thresholds ?? 'GLOBAL',
    globalThreshold: input.globalThreshold ?? 0.5,
  });
  const found = await deps.db.run.findMany({ where: { id: { in: runIds } } });
  const byId = new Map(found.map((run) => [run.id, run]));
  const missing = runIds.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    throw new ApiError('NOT_FOUND', `Runs not found: ${missing.join(', ')}`, { ids: missing });
  }
  const runs = runIds.map((id) => byId.get(id)!);
  checkComparable(runs);
  const files = await loadProbabilities(deps.db, deps.store, runs);
  const aligned = align(runs, files);
  const rule: ThresholdRule =
    thresholds === 'GLOBAL'
      ? { kind: 'global', value: globalThreshold }
      : { kind: 'per-class-cross-fitted' };
  return { runs, files, thresholds, rule, aligned, fold: sampleFolds(aligned.ids) };
}

type MemberScore = { macroF1: number; rareClassF1: number };

/**
 * What is derived from one run's file alone (its score alone, its fits for the composite)
 * depends only on the file and the rule when the file is scored whole (the usual case: every
 * run holds the same samples in the same order, so the halves are the same too). It is
 * remembered by the file's SHA-256: a request over runs already seen then computes only the
 * combination, not each of its 20 runs again. A few hundred bytes per entry; oldest out first.
 */
const derived = new Map<string, MemberScore | MemberFit>();
const DERIVED_KEPT = 8192;

function remembered<T extends MemberScore | MemberFit>(
  prepared: Prepared,
  index: number,
  what: string,
  compute: () => T,
): T {
  const { aligned, rule, files } = prepared;
  if (!aligned.whole) return compute();
  const ruleKey = rule.kind === 'global' ? `global:${rule.value}` : rule.kind;
  const key = `${files[index]!.sha256}|${ruleKey}|${what}`;
  const known = derived.get(key);
  if (known) return known as T;
  const value = compute();
  if (derived.size >= DERIVED_KEPT) derived.delete(derived.keys().next().value!);
  derived.set(key, value);
  return value;
}

function memberScore(prepared: Prepared, index: number): MemberScore {
  const { aligned, fold, rule } = prepared;
  return remembered(prepared, index, 'score', () => {
    const f1 = perClassF1WithRule(aligned.labels, aligned.members[index]!, NUM_CLASSES, fold, rule);
    return { macroF1: macroF1FromPerClass(f1), rareClassF1: rareClassF1(f1) };
  });
}

function toResult(
  prepared: Prepared,
  report: EvaluationReport,
  classWinners: EnsembleResult['classWinners'],
): EnsembleResult {
  const { runs, aligned } = prepared;
  const members = runs.map((run, i) => ({ runId: run.id, ...memberScore(prepared, i) }));
  const best = members.reduce((a, b) => (b.macroF1 > a.macroF1 ? b : a));
  const { perClass } = report;
  return {
    runIds: runs.map((run) => run.id),
    thresholds: prepared.thresholds,
    sampleCount: aligned.ids.length,
    macroF1: report.macroF1,
    rareClassF1: rareClassF1(perClass.f1),
    f1: perClass.f1,
    precision: perClass.precision,
    recall: perClass.recall,
    support: perClass.support,
    threshold: perClass.threshold,
    tp: perClass.tp,
    fp: perClass.fp,
    fn: perClass.fn,
    tn: perClass.tn,
    cooccurrence: report.cooccurrence,
    members,
    bestSingleRunId: best.runId,
    gain: report.macroF1 - best.macroF1,
    classWinners,
  };
}

/** What the mean of the runs' validation probabilities would score. */
export async function ensembleEvaluation(
  deps: { db: PrismaClient; store: ArtifactStore },
  input: EnsembleInput,
): Promise<EnsembleResult> {
  const prepared = await prepare(deps, input);
  const { aligned, fold, rule } = prepared;
  const mean = averageProbabilities(aligned.members);
  return toResult(prepared, evaluateWithRule(aligned.labels, mean, NUM_CLASSES, fold, rule), []);
}

/** What taking each class from the run that wins it would score, cross-fitted. */
export async function bestPerClassComposite(
  deps: { db: PrismaClient; store: ArtifactStore },
  input: EnsembleInput,
): Promise<EnsembleResult> {
  const prepared = await prepare(deps, input);
  const { aligned, fold, rule, runs } = prepared;
  const result = composite(
    aligned.labels,
    aligned.members,
    NUM_CLASSES,
    fold,
    rule,
    (member, part, rows) =>
      remembered(prepared, member, `fit:${part}`, () =>
        fitMember(aligned.labels, aligned.members[member]!, NUM_CLASSES, rows, rule),
      ),
  );
  const winners = result.winners.map((member, classId) => ({
    classId,
    runId: runs[member]!.id,
    halfRunIds: result.halfWinners.map((half) => runs[half[classId]!]!.id),
  }));
  return toResult(prepared, result.report, winners);
}
