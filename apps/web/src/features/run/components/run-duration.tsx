'use client';
// The header's duration. A finished run's is fixed. A running run's ticks every second in the
// browser, counted on from what the server rendered (its elapsed time plus the time since,
// on the monotonic clock: a browser whose clock is set wrong does not skew it); when the run
// ends, the live stream refreshes the page and the server's finished duration replaces it.
import { useEffect, useState } from 'react';
import { formatDuration } from '@/lib/format';

const TICK_MS = 1000;

export function RunDuration({
  elapsedMs,
  ticking,
}: {
  /** started -> finished, or started -> the server's render time while the run goes on. */
  elapsedMs: number | null;
  /** The run trains: the duration goes on from `elapsedMs`. */
  ticking: boolean;
}) {
  // Time counted here since `elapsedMs` arrived; a new `elapsedMs` (a refresh) starts over.
  const [counted, setCounted] = useState<{ from: number; ms: number } | null>(null);
  useEffect(() => {
    if (!ticking || elapsedMs === null) return;
    const started = performance.now();
    const timer = setInterval(
      () => setCounted({ from: elapsedMs, ms: performance.now() - started }),
      TICK_MS,
    );
    return () => clearInterval(timer);
  }, [elapsedMs, ticking]);
  const shown =
    ticking && elapsedMs !== null && counted?.from === elapsedMs
      ? elapsedMs + counted.ms
      : elapsedMs;
  return (
    <span className="num" data-testid="run-duration">
      {formatDuration(shown)}
    </span>
  );
}
