'use client';
// Picks which evaluation the per-class section and the heatmap show. The choice is a URL
// parameter (`eval=<step>`, nuqs) the server reads, so it survives reload and can be shared.
import { useQueryState } from 'nuqs';
import { useTransition } from 'react';
import { runViewParams, runViewUrlKeys } from '@/features/run/lib/run-view';
import { formatScore } from '@/lib/format';

export interface EvaluationOption {
  step: number;
  epoch: number | null;
  macroF1: number;
}

export function EvaluationChooser({
  options,
  selectedStep,
  bestStep,
}: {
  options: EvaluationOption[];
  selectedStep: number;
  bestStep: number | null;
}) {
  const [pending, startTransition] = useTransition();
  // Not shallow: the server loads the chosen evaluation's matrix. A new history entry, so Back
  // returns to the previous one.
  const [, setEvalStep] = useQueryState(
    runViewUrlKeys.evalStep,
    runViewParams.evalStep.withOptions({
      shallow: false,
      history: 'push',
      scroll: false,
      startTransition,
    }),
  );

  const choose = (step: number) => void setEvalStep(step === bestStep ? null : step);

  return (
    <label className="flex items-center gap-2">
      <span className="text-muted">evaluation</span>
      <select
        value={String(selectedStep)}
        onChange={(event) => choose(Number(event.target.value))}
        className="rounded border border-border bg-canvas px-1 py-0.5"
        aria-busy={pending}
      >
        {options.map((option) => (
          <option key={option.step} value={String(option.step)}>
            {option.epoch !== null ? `epoch ${option.epoch} · ` : ''}step {option.step} · macro F1{' '}
            {formatScore(option.macroF1)}
            {option.step === bestStep ? ' (best)' : ''}
          </option>
        ))}
      </select>
      {pending ? <span className="text-xs text-muted">loading…</span> : null}
    </label>
  );
}
