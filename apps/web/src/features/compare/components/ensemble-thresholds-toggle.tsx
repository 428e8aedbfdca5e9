'use client';
// The ensemble's thresholds rule, in the URL (`ens`, nuqs): a change asks the server again
// (shallow: false), since the API computes the what-if.
import { useQueryStates } from 'nuqs';
import { useTransition } from 'react';
import {
  ENSEMBLE_THRESHOLD_CHOICES,
  perClassParams,
  type EnsembleThresholdChoice,
} from '@/features/compare/lib/per-class-url';

const LABELS: Record<EnsembleThresholdChoice, string> = {
  global: 'global cut 0.5',
  'cross-fitted': 'per-class thresholds, cross-fitted',
};

export function EnsembleThresholdsToggle() {
  const [pending, startTransition] = useTransition();
  const [view, setView] = useQueryStates(
    { ens: perClassParams.ens },
    { shallow: false, history: 'replace', scroll: false, startTransition },
  );
  return (
    <fieldset className="flex flex-wrap items-center gap-3 text-xs" aria-busy={pending}>
      <legend className="sr-only">Thresholds of the ensemble</legend>
      <span className="text-muted" aria-hidden="true">
        thresholds:
      </span>
      {ENSEMBLE_THRESHOLD_CHOICES.map((choice) => (
        <label key={choice} className="flex items-center gap-1">
          <input
            type="radio"
            name="ensemble-thresholds"
            value={choice}
            checked={view.ens === choice}
            onChange={() => void setView({ ens: choice })}
          />
          {LABELS[choice]}
        </label>
      ))}
      {pending ? <span className="text-muted">computing…</span> : null}
    </fieldset>
  );
}
