// What an ensemble of runs would score on validation, from their stored validation
// probabilities: the mean of the members' probabilities, or the best-per-class composite (each
// class taken from the member that wins it). Pure and tfjs-free: the API runs it
// (`ensembleEvaluation`, `bestPerClassComposite`), tests and seeds check it.
import {
  binarize,
  confusionCounts,
  evaluatePredictions,
  perClassMetrics,
  type EvaluationReport,
} from './classification-metrics.ts';
import { crossFit, gatherRows } from './cross-fitting.ts';
import { crossFittedThresholdPredictions, tunePerClassThresholds } from './thresholds.ts';

/**
 * How probabilities become predictions: one global cut, or per-class thresholds tuned by
 * cross-fitting (each half cut by what was tuned on the other).
 */
export type ThresholdRule = { kind: 'global'; value: number } | { kind: 'per-class-cross-fitted' };

/** Members' probabilities averaged cell by cell (all the same length). */
export function averageProbabilities(members: readonly ArrayLike<number>[]): Float64Array {
  const first = members[0];
  if (!first) throw new Error('averageProbabilities: no member given');
  const out = new Float64Array(first.length);
  for (const member of members) {
    if (member.length !== out.length) {
      throw new Error(`averageProbabilities: lengths ${member.length} and ${out.length} differ`);
    }
    for (let i = 0; i < out.length; i++) out[i]! += member[i]!;
  }
  for (let i = 0; i < out.length; i++) out[i]! /= members.length;
  return out;
}

/**
 * The evaluation of one probability matrix under a rule. With cross-fitting, the counts come
 * from the cross-fitted predictions and the reported thresholds are the ones tuned on all the
 * samples (what a deployment of this rule would use).
 */
export function evaluateWithRule(
  truth: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  classes: number,
  fold: ArrayLike<number>,
  rule: ThresholdRule,
): EvaluationReport {
  if (rule.kind === 'global') {
    const thresholds = new Array<number>(classes).fill(rule.value);
    return evaluatePredictions(truth, binarize(probabilities, thresholds), thresholds);
  }
  return evaluatePredictions(
    truth,
    crossFittedThresholdPredictions(truth, probabilities, classes, fold),
    tunePerClassThresholds(truth, probabilities, classes),
  );
}

/**
 * Per-class F1 alone under a rule: what evaluateWithRule reports, without the co-occurrence and
 * the all-samples thresholds (a third of the work with cross-fitting), for scoring many runs.
 */
export function perClassF1WithRule(
  truth: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  classes: number,
  fold: ArrayLike<number>,
  rule: ThresholdRule,
): number[] {
  const predicted =
    rule.kind === 'global'
      ? binarize(probabilities, new Array<number>(classes).fill(rule.value))
      : crossFittedThresholdPredictions(truth, probabilities, classes, fold);
  return perClassMetrics(confusionCounts(truth, predicted, classes)).f1;
}

/** Per class, the F1 of `probabilities` cut by `thresholds` on the given rows. */
function f1OnRows(
  truth: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  thresholds: readonly number[],
  rows: ArrayLike<number>,
): Float64Array {
  const classes = thresholds.length;
  const tp = new Float64Array(classes);
  const wrong = new Float64Array(classes); // fp + fn
  for (let k = 0; k < rows.length; k++) {
    const base = rows[k]! * classes;
    for (let c = 0; c < classes; c++) {
      const t = truth[base + c]! > 0;
      const p = probabilities[base + c]! >= thresholds[c]!;
      if (t && p) tp[c]! += 1;
      else if (t !== p) wrong[c]! += 1;
    }
  }
  return tp.map((value, c) =>
    value + wrong[c]! === 0 ? 0 : (2 * value) / (2 * value + wrong[c]!),
  );
}

/** Per member, the thresholds a rule picks from the given rows. */
function thresholdsOnRows(
  truth: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  classes: number,
  rows: ArrayLike<number>,
  rule: ThresholdRule,
): number[] {
  if (rule.kind === 'global') return new Array<number>(classes).fill(rule.value);
  return tunePerClassThresholds(
    gatherRows(truth, rows, classes),
    gatherRows(probabilities, rows, classes),
    classes,
  );
}

/** What a member scores on some rows under a rule: its thresholds from them and its F1s there. */
export interface MemberFit {
  thresholds: readonly number[];
  f1: ArrayLike<number>;
}

/** The part of the samples a member is fitted on: half 0, half 1 or all of them. */
export type FitPart = 0 | 1 | 'all';

/** A member's thresholds under `rule` picked on `rows`, and its per-class F1 on those rows. */
export function fitMember(
  truth: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  classes: number,
  rows: ArrayLike<number>,
  rule: ThresholdRule,
): MemberFit {
  const thresholds = thresholdsOnRows(truth, probabilities, classes, rows, rule);
  return { thresholds, f1: f1OnRows(truth, probabilities, thresholds, rows) };
}

interface Choice {
  /** Per class, the index of the winning member. */
  winners: number[];
  /** Per class, the winner's threshold. */
  thresholds: number[];
}

/** Per class, the member with the best F1 on `rows` (the first one on a tie). */
function chooseWinners(
  members: number,
  classes: number,
  fit: (member: number) => MemberFit,
): Choice {
  const winners = new Array<number>(classes).fill(0);
  const thresholds = new Array<number>(classes).fill(0);
  const best = new Array<number>(classes).fill(-1);
  for (let m = 0; m < members; m++) {
    const { thresholds: memberThresholds, f1 } = fit(m);
    for (let c = 0; c < classes; c++) {
      if (f1[c]! > best[c]!) {
        best[c] = f1[c]!;
        winners[c] = m;
        thresholds[c] = memberThresholds[c]!;
      }
    }
  }
  return { winners, thresholds };
}

export interface CompositeResult {
  report: EvaluationReport;
  /** Per class, the member chosen on all the samples (what a deployed composite would use). */
  winners: number[];
  /** Per class, the member chosen on half 0 and on half 1 (each scored on the other half). */
  halfWinners: [number[], number[]];
}

/**
 * The best-per-class composite: for each class, the prediction of the member that wins that
 * class, chosen on one half (with that member's thresholds from that half under `rule`) and
 * scored on the other half, then the other way round; the counts of both halves are combined.
 * `fit` may answer a member's fit on a part from a cache (the API keeps them per file); by
 * default it is fitMember on that part's rows.
 */
export function bestPerClassComposite(
  truth: ArrayLike<number>,
  members: readonly ArrayLike<number>[],
  classes: number,
  fold: ArrayLike<number>,
  rule: ThresholdRule,
  fit: (member: number, part: FitPart, rows: Uint32Array) => MemberFit = (member, _part, rows) =>
    fitMember(truth, members[member]!, classes, rows, rule),
): CompositeResult {
  if (members.length === 0) throw new Error('bestPerClassComposite: no member given');
  const halfWinners: [number[], number[]] = [[], []];
  const predicted = crossFit(fold, classes, (rows, half) => {
    const choice = chooseWinners(members.length, classes, (m) => fit(m, half, rows));
    halfWinners[half] = choice.winners;
    return (row, out, offset) => {
      for (let c = 0; c < classes; c++) {
        const probability = members[choice.winners[c]!]![row * classes + c]!;
        out[offset + c] = probability >= choice.thresholds[c]! ? 1 : 0;
      }
    };
  });
  const all = Uint32Array.from({ length: fold.length }, (_, i) => i);
  const overall = chooseWinners(members.length, classes, (m) => fit(m, 'all', all));
  return {
    report: evaluatePredictions(truth, predicted, overall.thresholds),
    winners: overall.winners,
    halfWinners,
  };
}
