'use client';
// Picks which evaluation the per-class section and the heatmap show. The choice is a URL
// parameter (`eval=<step>`) the server reads, so it survives reload and can be shared.
import { useTransition } from 'react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { formatScore } from '../../runs/lib/format';

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
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [pending, startTransition] = useTransition();

  const choose = (step: number) => {
    const params = new URLSearchParams(searchParams.toString());
    if (step === bestStep) params.delete('eval');
    else params.set('eval', String(step));
    const query = params.toString();
    startTransition(() =>
      router.push(query ? `${pathname}?${query}` : pathname, { scroll: false }),
    );
  };

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
