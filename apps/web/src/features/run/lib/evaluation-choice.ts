// Which evaluation the per-class section shows: the one the URL names (by step), else the best
// by macro F1 on the validation split (ties: the later step, as the API's bestEvaluation).

export interface EvaluationSummary {
  id: string;
  step: number;
  split: string;
  macroF1: number;
}

export function chooseEvaluation<T extends EvaluationSummary>(
  evaluations: readonly T[],
  requestedStep: number | null,
  split = 'val',
): { evaluation: T | null; best: T | null; requestedMissing: boolean } {
  const ofSplit = evaluations.filter((evaluation) => evaluation.split === split);
  const pool = ofSplit.length > 0 ? ofSplit : evaluations;
  const best = pool.reduce<T | null>(
    (winner, candidate) =>
      winner === null ||
      candidate.macroF1 > winner.macroF1 ||
      (candidate.macroF1 === winner.macroF1 && candidate.step > winner.step)
        ? candidate
        : winner,
    null,
  );
  if (requestedStep !== null) {
    const requested = pool.find((evaluation) => evaluation.step === requestedStep);
    if (requested) return { evaluation: requested, best, requestedMissing: false };
    return { evaluation: best, best, requestedMissing: true };
  }
  return { evaluation: best, best, requestedMissing: false };
}

/** The chooser's options, in training order. */
export function evaluationOptions<T extends EvaluationSummary>(
  evaluations: readonly T[],
  split = 'val',
): T[] {
  const ofSplit = evaluations.filter((evaluation) => evaluation.split === split);
  return [...(ofSplit.length > 0 ? ofSplit : evaluations)].sort((a, b) => a.step - b.step);
}
